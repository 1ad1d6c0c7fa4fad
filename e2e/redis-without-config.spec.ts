// A managed Redis service that refuses CONFIG (renamed away here, as such services do), with
// keyspace notifications switched on by its operator: the app starts through `npm start`'s
// script, reports itself healthy, and live streams update. (With notifications off it
// refuses to start, naming the setting: scripts/run.test.ts.)

import { expect, test } from "@playwright/test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../scripts/redis/free-port";
import { startRedisServer } from "../scripts/redis/redis-server";
import { startApp, type AppProcess } from "./support/app-process";
import type { HealthReport } from "../lib/health/types";
import { eventually, SseClient } from "./support/sse-client";

const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

test("works on a Redis that refuses CONFIG when its operator enabled notifications", async () => {
  test.setTimeout(90_000);
  const redis = await startRedisServer({ notifications: "Kg$xe", extraArgs: ["--rename-command", "CONFIG", ""] });
  const dataDir = await mkdtemp(join(tmpdir(), "livekv-e2e-noconfig-"));
  let app: AppProcess | null = null;
  try {
    app = await startApp({ port: await findFreePort(), dataDir, env: { REDIS_URL: redis.url } });
    const health = (await (await fetch(`${app.origin}/api/health`)).json()) as Pick<HealthReport, "ok" | "notifications">;
    // CONFIG GET is refused, so the setting cannot be read back; the start-up probe saw it work.
    expect(health).toMatchObject({ ok: true, notifications: { enabled: null, nodes: { checked: 1, unknown: 1 } } });

    const created = await fetch(`${app.origin}/api/links`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://example.com/no-config" }),
    });
    const { code } = (await created.json()) as { code: string };
    const stream = new SseClient(`${app.origin}/api/links/${code}/events`);
    await stream.opened;
    const clicks = () => (stream.latest("stats")?.data as { clicks?: number } | undefined)?.clicks;
    await eventually(() => clicks() === 0, () => "the first state", 5_000);
    expect((await fetch(`${app.origin}/s/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER_UA } })).status).toBe(302);
    await eventually(() => clicks() === 1, () => `the click pushed (saw ${clicks()})`, 2_000);
    await stream.close();
  } finally {
    await app?.stop("SIGTERM");
    await redis.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
