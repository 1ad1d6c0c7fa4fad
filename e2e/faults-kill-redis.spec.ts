// Durability: 1,000 clicks, each acknowledged (a 302 from /s/{code}), then the managed
// redis-server is killed with SIGKILL — no chance to flush anything. The supervisor starts it
// again on the same port and data; all 1,000 clicks are there. With the default policy
// (appendfsync always: each write is written and fsynced before Redis replies), nothing
// acknowledged can be lost to a Redis crash, nor to an OS crash or power cut.

import { expect, test } from "@playwright/test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../scripts/redis/free-port";
import { isAlive, managedRedisOf, startApp, type AppProcess } from "./support/app-process";

const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const CLICKS = 1_000;
const CONCURRENCY = 8;

test("kill -9 of the managed Redis after 1,000 acknowledged clicks: all 1,000 are there after the restart", async () => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(join(tmpdir(), "livekv-e2e-kill-"));
  // The default fsync policy is what is under test.
  const env: Record<string, string> = {};
  if (process.env.LIVEKV_REDIS_FSYNC !== undefined) env.LIVEKV_REDIS_FSYNC = "";
  let app: AppProcess | null = null;
  try {
    app = await startApp({ port: await findFreePort(), dataDir, env });
    const origin = app.origin;
    const created = await fetch(`${origin}/api/links`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://example.com/durable" }),
    });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };

    let acknowledged = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CLICKS) {
          next++;
          const response = await fetch(`${origin}/s/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
          expect(response.status).toBe(302);
          acknowledged++;
        }
      }),
    );
    expect(acknowledged).toBe(CLICKS);

    const before = managedRedisOf(dataDir);
    expect(before).not.toBeNull();
    process.kill(before?.redisPid ?? 0, "SIGKILL");
    await expect.poll(() => isAlive(before?.redisPid ?? 0)).toBe(false);

    // The supervisor brings it back on the same port; the app's connections find it again.
    await expect
      .poll(() => managedRedisOf(dataDir)?.redisPid, { timeout: 20_000 })
      .not.toBe(before?.redisPid);
    expect(managedRedisOf(dataDir)?.port).toBe(before?.port);
    await expect
      .poll(
        async () => {
          const response = await fetch(`${origin}/api/links/${code}`);
          return response.ok ? ((await response.json()) as { clicks: number }).clicks : `HTTP ${response.status}`;
        },
        { timeout: 20_000 },
      )
      .toBe(CLICKS);
    expect(app.log()).toMatch(/redis-server exited unexpectedly .*signal SIGKILL/);
  } finally {
    await app?.stop("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  }
});
