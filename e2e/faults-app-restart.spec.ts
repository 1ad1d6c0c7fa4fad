// The app process restarts (SIGTERM, as an orchestrator or Ctrl-C would stop it):
// - every SSE stream ends with a `retry:` hint instead of holding the shutdown up,
// - the Kv's Redis connections (commands and watch subscriber) are closed,
// - the managed Redis stops cleanly with it (process gone, lock released),
// - and an open chat page, never reloaded, reconnects by itself once the app is back and
//   shows every message exactly once, in order: no gap, no duplicate.

import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { findFreePort } from "../scripts/redis/free-port";
import { startRedisServer } from "../scripts/redis/redis-server";
import { isAlive, managedRedisOf, startApp, type AppProcess } from "./support/app-process";
import { eventually, SseClient } from "./support/sse-client";
import { visitorCookie } from "./support/visitor";

const visitor = () => ({ cookie: visitorCookie() });

async function send(origin: string, room: string, text: string): Promise<void> {
  const response = await fetch(`${origin}/api/rooms/${room}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...visitor() },
    body: JSON.stringify({ author: "Restarter", text }),
  });
  expect(response.status, text).toBe(201);
}

async function createRoom(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/rooms`, {
    method: "POST",
    headers: { "content-type": "application/json", ...visitor() },
    body: JSON.stringify({ name: `Restart ${randomBytes(3).toString("hex")}` }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test("SIGTERM: streams end with a retry hint, managed Redis stops cleanly; the chat page resumes with no gap and no duplicate", async ({ page }) => {
  test.setTimeout(150_000);
  const dataDir = await mkdtemp(join(tmpdir(), "livekv-e2e-restart-"));
  const port = await findFreePort();
  let app: AppProcess | null = await startApp({ port, dataDir });
  try {
    const room = await createRoom(app.origin);
    for (const text of ["one", "two", "three"]) await send(app.origin, room, text);

    await page.goto(`${app.origin}/chat/${room}`);
    const texts = page.getByTestId("messages").getByTestId("message-text");
    await expect(texts).toHaveText(["one", "two", "three"]);
    await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");
    const stream = new SseClient(`${app.origin}/api/rooms/${room}/events`);
    await stream.opened;

    const redis = managedRedisOf(dataDir);
    expect(redis).not.toBeNull();
    const stoppedAt = performance.now();
    const exit = await app.stop("SIGTERM");
    app = null;
    // Asked to stop, it stops by itself (no SIGKILL needed) and says it stopped well.
    expect(exit).toEqual({ code: 0, signal: null });
    // Quickly: no stream, kept-alive socket or Redis connection holds the shutdown up.
    expect(performance.now() - stoppedAt).toBeLessThan(5_000);
    // The stream was ended by the server with a retry hint, not cut.
    await eventually(() => stream.ended, () => "the stream to end", 5_000);
    expect(stream.text).toMatch(/retry: \d+\n: server restarting; reconnect to resume\n\n$/);
    // The managed Redis is gone with it, and its lock released.
    expect(isAlive(redis?.redisPid ?? 0)).toBe(false);
    expect(managedRedisOf(dataDir)).toBeNull();
    await expect(page.getByTestId("live-status").first()).not.toHaveAttribute("data-status", "live");

    app = await startApp({ port, dataDir });
    // Data kept across the restart (the append-only file was flushed on a clean stop).
    await send(app.origin, room, "four");
    await send(app.origin, room, "five");
    await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live", { timeout: 20_000 });
    await expect(texts).toHaveText(["one", "two", "three", "four", "five"], { timeout: 20_000 });
    // Still exactly once each a moment later (a late duplicate would show up here).
    await page.waitForTimeout(500);
    await expect(texts).toHaveText(["one", "two", "three", "four", "five"]);
  } finally {
    await app?.stop("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("SIGTERM with REDIS_URL: the app quits its Redis connections and leaves that Redis running", async () => {
  test.setTimeout(90_000);
  const external = await startRedisServer();
  const observer = new Redis(external.url);
  const dataDir = await mkdtemp(join(tmpdir(), "livekv-e2e-restart-"));
  let app: AppProcess | null = null;
  try {
    app = await startApp({ port: await findFreePort(), dataDir, env: { REDIS_URL: external.url } });
    const room = await createRoom(app.origin);
    const stream = new SseClient(`${app.origin}/api/rooms/${room}/events`);
    await stream.opened;
    const names = async (): Promise<string[]> =>
      ((await observer.call("CLIENT", "LIST")) as string)
        .split("\n")
        .map((line) => /name=(\S*)/.exec(line)?.[1] ?? "")
        .filter((name) => name.startsWith("livekv"));
    // The command connection and the watch subscriber (connected once the stream watches).
    await expect.poll(async () => (await names()).sort(), { timeout: 5_000 }).toEqual(expect.arrayContaining(["livekv", "livekv-watch"]));

    expect(await app.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    app = null;
    expect(stream.text).toMatch(/retry: \d+\n: server restarting/);
    // Every connection of the app is gone; the Redis it was given still runs.
    await expect.poll(names, { timeout: 5_000 }).toEqual([]);
    expect(await observer.ping()).toBe("PONG");
  } finally {
    await app?.stop("SIGTERM");
    observer.disconnect();
    await external.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("SIGTERM to `npm start` (how a container or a process manager stops it) stops the app and its managed Redis", async () => {
  test.setTimeout(90_000);
  const dataDir = await mkdtemp(join(tmpdir(), "livekv-e2e-npm-"));
  const port = await findFreePort();
  const app = await startApp({ port, dataDir, via: "npm" });
  try {
    const redis = managedRedisOf(dataDir);
    expect(redis).not.toBeNull();
    // npm passes the signal on and ends at once; the app behind it must drain and stop too.
    await app.stop("SIGTERM", 20_000);
    await eventually(() => !isAlive(redis!.redisPid), () => "the managed Redis to stop", 15_000);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  } finally {
    await app.stop("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  }
});
