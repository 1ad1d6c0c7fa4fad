// Every core: `npm start` with WEB_CONCURRENCY=2 runs two server processes on one port behind
// a primary (lib/server/cluster-primary.ts). Each process may hold one live stream here
// (LIVEKV_SSE_MAX_PER_PROCESS=1), so the port holding two streams at once, and no third,
// shows two processes serving it — and a click that reaches both streams has crossed from
// the process that took it to the other, through Redis.

import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { findFreePort } from "../scripts/redis/free-port";
import { startApp, type AppProcess } from "./support/app-process";
import { descendantsOf } from "./support/process-tree";

const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

let app: AppProcess;
let dataDir: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), "livekv-every-core-"));
  app = await startApp({
    port: await findFreePort(),
    dataDir,
    env: { WEB_CONCURRENCY: "2", LIVEKV_SSE_MAX_PER_PROCESS: "1" },
  });
});

test.afterAll(async () => {
  await app?.stop();
  // Should a stop have left any server process behind (tsx's CLI gives its child 30 ms to take
  // a signal before it kills it outright, orphaning the primary), none outlives the spec.
  try {
    if (app?.child.pid !== undefined) process.kill(-app.child.pid, "SIGKILL");
  } catch {
    // The group is gone: nothing was left.
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** A live stream on a connection of its own (the primary deals connections, not requests). */
interface Stream {
  status: number;
  text(): string;
  readonly ended: Promise<void>;
  close(): void;
}

function openStream(url: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers: { accept: "text/event-stream" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      const ended = new Promise<void>((done) => res.once("close", () => done()));
      resolve({ status: res.statusCode ?? 0, text: () => text, ended, close: () => req.destroy() });
    });
    req.once("error", reject);
    req.end();
  });
}

/** Opens streams until `count` are open (a process at its cap answers 503: try the next). */
async function openOnEveryProcess(url: string, count: number): Promise<Stream[]> {
  const open: Stream[] = [];
  for (let attempt = 0; attempt < 40 && open.length < count; attempt++) {
    const stream = await openStream(url);
    if (stream.status === 200) open.push(stream);
    else {
      expect(stream.status).toBe(503);
      stream.close();
    }
  }
  expect(open).toHaveLength(count);
  return open;
}

async function createLink(): Promise<string> {
  const response = await fetch(`${app.origin}/api/links`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: "https://example.com/every-core" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

/** The server processes: children of the primary, itself the compiled server under `npm start`. */
function serverProcesses(): number[] {
  const tree = descendantsOf(app.child.pid ?? 0);
  const servers = tree.filter((p) => p.command.includes("server.mjs"));
  const ids = new Set(servers.map((p) => p.pid));
  return servers.filter((p) => ids.has(p.ppid)).map((p) => p.pid);
}

function metric(text: string, name: string): number {
  return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
}

test("two processes serve one port, a click taken by one reaches a stream on the other, and a scrape counts both", async () => {
  expect(serverProcesses()).toHaveLength(2);
  const code = await createLink();
  const streams = await openOnEveryProcess(`${app.origin}/api/links/${code}/events`, 2);
  try {
    // Both processes are at their cap: the port holds no third stream.
    for (let i = 0; i < 4; i++) {
      const third = await openStream(`${app.origin}/api/links/${code}/events`);
      expect(third.status).toBe(503);
      third.close();
    }
    // A scrape reaches one process and answers for both.
    const metrics = await (await fetch(`${app.origin}/api/metrics`)).text();
    expect(metric(metrics, "livekv_server_processes")).toBe(2);
    expect(metric(metrics, "livekv_sse_connections")).toBe(2);
    const health = (await (await fetch(`${app.origin}/api/health`)).json()) as { ok: boolean; figures: { processes: number; sseConnections: number } };
    expect(health).toMatchObject({ ok: true, figures: { processes: 2, sseConnections: 2 } });

    const clicked = await fetch(`${app.origin}/s/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
    expect(clicked.status).toBe(302);
    for (const stream of streams) await expect.poll(() => stream.text(), { timeout: 1_000 }).toMatch(/"clicks":1/);
  } finally {
    for (const stream of streams) stream.close();
  }
});

test("a killed process is replaced, and the port answers meanwhile", async () => {
  const before = serverProcesses();
  expect(before).toHaveLength(2);
  process.kill(before[0], "SIGKILL");
  await expect.poll(() => app.log(), { timeout: 5_000 }).toMatch(/server process \d \(pid \d+\) exited with signal SIGKILL; replacing it/);
  for (let i = 0; i < 20; i++) expect((await fetch(`${app.origin}/api/health`)).status).toBe(200);

  await expect.poll(() => serverProcesses(), { timeout: 30_000 }).toHaveLength(2);
  const after = serverProcesses();
  expect(after).not.toContain(before[0]);
  expect(after).toContain(before[1]);
  // The replacement serves: the port holds two streams again.
  await expect
    .poll(async () => metric(await (await fetch(`${app.origin}/api/metrics`)).text(), "livekv_server_processes"), { timeout: 30_000 })
    .toBe(2);
  const streams = await openOnEveryProcess(`${app.origin}/api/rooms/events`, 2);
  for (const stream of streams) stream.close();
});

test("SIGTERM drains every process: each stream ends with the retry hint, and npm start exits 0", async () => {
  const processes = serverProcesses();
  const streams = await openOnEveryProcess(`${app.origin}/api/rooms/events`, 2);
  const exit = await app.stop("SIGTERM");
  expect(exit).toEqual({ code: 0, signal: null });
  for (const stream of streams) {
    await stream.ended;
    expect(stream.text()).toMatch(/retry: \d+\n: server restarting/);
  }
  for (const pid of processes) expect(() => process.kill(pid, 0)).toThrow();
});
