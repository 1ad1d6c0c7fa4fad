// Test support for the browser tests of lib/client (its stream client and hooks): a node:http server that
// serves esbuild bundles, static pages and SSE streams made by the real sseResponse, plus
// the Chromium launcher. Streams are driven by the test and count their connections, so a
// test can prove how many EventSources the browser really opened.

import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { lastEventId } from "@/lib/sse/last-event-id";
import type { SseEvent } from "@/lib/sse/protocol";
import { sseResponse } from "@/lib/sse/server";
import { ManualSource } from "@/lib/sse/test-support";

export interface TestConnection {
  lastEventId: string | null;
  source: ManualSource<SseEvent>;
  open: boolean;
  /** Kills the TCP connection, as a crashed server or a dropped network would. */
  drop(): void;
}

/** One SSE endpoint: every connection gets what the test pushes from then on. */
export class TestStream {
  readonly connections: TestConnection[] = [];

  get openConnections(): TestConnection[] {
    return this.connections.filter((connection) => connection.open);
  }

  push(event: SseEvent): void {
    for (const connection of this.openConnections) connection.source.push(event);
  }
}

export interface SseTestServer {
  origin: string;
  stream(path: string): TestStream;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Pages by path (HTML). */
  pages: Record<string, string>;
  /** Browser bundles by path: the entry file is bundled by esbuild on start. */
  scripts: Record<string, { entry: string; globalName?: string }>;
  /** Paths served as SSE streams. */
  streams: string[];
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { headers, signal });
}

// What a Next.js route handler's Response goes through on its way to the socket.
async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // The client went away mid-write.
  }
  res.end();
}

export async function startSseTestServer(options: TestServerOptions): Promise<SseTestServer> {
  const bundles = new Map<string, string>();
  for (const [path, { entry, globalName }] of Object.entries(options.scripts)) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "iife",
      globalName,
      platform: "browser",
      target: "es2022",
      jsx: "automatic",
      define: { "process.env.NODE_ENV": '"development"' },
      logLevel: "silent",
    });
    bundles.set(path, result.outputFiles[0].text);
  }
  const streams = new Map(options.streams.map((path) => [path, new TestStream()]));

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const page = options.pages[path];
    const bundle = bundles.get(path);
    const stream = streams.get(path);
    if (page !== undefined) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    } else if (bundle !== undefined) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundle);
    } else if (stream) {
      const abort = new AbortController();
      res.on("close", () => abort.abort());
      const request = toRequest(req, abort.signal);
      const connection: TestConnection = {
        lastEventId: lastEventId(request),
        source: new ManualSource<SseEvent>(),
        open: true,
        drop: () => req.socket.destroy(),
      };
      stream.connections.push(connection);
      res.on("close", () => {
        connection.open = false;
      });
      void writeResponse(sseResponse(request, connection.source, { retryMs: 500 }), res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // 127.0.0.1 is a secure context, so Web Locks are available as on an https site.
    origin: `http://127.0.0.1:${port}`,
    stream: (path) => {
      const stream = streams.get(path);
      if (!stream) throw new Error(`no stream at ${path}`);
      return stream;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** The system Chromium where present (Playwright cannot download browsers here), else
 * Playwright's own; null when neither is installed. */
export function chromiumPath(): string | null {
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const bundled = chromium.executablePath();
  return bundled && existsSync(bundled) ? bundled : null;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}
