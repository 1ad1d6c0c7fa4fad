// How the load client talks to each server: where a client's stream is, how a change is
// made, and where the counter is in an event. The app is driven only through its public
// HTTP API (create links, click them); the two baselines have minimal endpoints of their own.

import { call } from "./http-call";
import type { ServerKind } from "./scenarios";
import type { Target } from "./sse-connection";

export interface ServerDriver {
  /** Makes `count` keys to watch and returns their names. */
  createKeys(count: number): Promise<string[]>;
  streamPath(key: string): string;
  /** One change to `key`; resolves when the server has answered. */
  change(key: string): Promise<void>;
  /** Finds the counter in an event frame (group 1). */
  pattern: RegExp;
}

// A real browser's User-Agent, so that a click counts as a click and not as a bot hit.
const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

function appDriver(target: Target): ServerDriver {
  return {
    async createKeys(count) {
      const codes: string[] = [];
      // A few at a time: creation is set-up, not what is measured.
      for (let start = 0; start < count; start += 16) {
        const batch = Array.from({ length: Math.min(16, count - start) }, async () => {
          const { status, body } = await call(target, "POST", "/api/links", {
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ url: "https://example.com/landing" }),
          });
          if (status !== 201) throw new Error(`POST /api/links: HTTP ${status} ${body.slice(0, 200)}`);
          return (JSON.parse(body) as { code: string }).code;
        });
        codes.push(...(await Promise.all(batch)));
      }
      return codes;
    },
    streamPath: (code) => `/api/links/${code}/events`,
    async change(code) {
      // redirect: manual — the 302 is the answer; the target is never fetched.
      const { status } = await call(target, "GET", `/s/${code}`, {
        headers: { "user-agent": BROWSER_UA, referer: "https://news.example.org/" },
      });
      if (status !== 302) throw new Error(`GET /s/${code}: HTTP ${status}`);
    },
    // The stats object: {"link":{...},"clicks":N,...}; the link record has no "clicks" field.
    pattern: /"clicks":(\d+)/,
  };
}

function baselineDriver(target: Target, streamPath: string, changePath: string, frameBytes: number): ServerDriver {
  return {
    createKeys: (count) => Promise.resolve(Array.from({ length: count }, (_, i) => `k${i}`)),
    streamPath: (key) => `${streamPath}?key=${key}&bytes=${frameBytes}`,
    async change(key) {
      const { status } = await call(target, "POST", `${changePath}?key=${key}&bytes=${frameBytes}`);
      if (status !== 204) throw new Error(`POST ${changePath}: HTTP ${status}`);
    },
    pattern: /"n":(\d+)/,
  };
}

/** `frameBytes`: the size the baselines pad their frames to (the app's stats event). */
export function driverFor(kind: ServerKind, target: Target, frameBytes: number): ServerDriver {
  switch (kind) {
    case "app":
    case "baseline":
    case "app-cores":
      return appDriver(target);
    case "next":
      return baselineDriver(target, "/s/bench/sse", "/s/bench/sse", frameBytes);
    case "bare":
      return baselineDriver(target, "/events", "/publish", frameBytes);
    case "livekv":
    case "denokv":
      return baselineDriver(target, "/events", "/click", frameBytes);
  }
}
