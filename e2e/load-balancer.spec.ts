// A real load balancer: nginx (scripts/nginx/livekv.conf, as a user would copy it) in front of
// two app instances on one Redis, each with TRUST_PROXY=1, and Chromium talking only to nginx.
// nginx deals requests round robin, so the page's stream sits on one instance while clicks
// land on either: a click taken by the instance that does not serve the page must still move
// it at once, and when the page's instance stops, its stream must come back on the other.

import { expect, test } from "@playwright/test";
import { startRedisServer, type RedisServer } from "../scripts/redis/redis-server";
import { startNextInstance, type NextInstance } from "./support/next-instance";
import { startNginx, type Nginx } from "./support/nginx";

const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

let redis: RedisServer;
let instances: NextInstance[];
let nginx: Nginx;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  redis = await startRedisServer();
  instances = await Promise.all([0, 1].map(() => startNextInstance(redis.url, { env: { TRUST_PROXY: "1" } })));
  nginx = await startNginx(instances.map((i) => Number(new URL(i.origin).port)));
});

test.afterAll(async () => {
  await nginx?.stop();
  await Promise.all((instances ?? []).map((i) => i.stop()));
  await redis?.stop();
});

/** A figure of one instance's own /api/metrics, asked directly (it is not served through nginx). */
async function figure(instance: NextInstance, name: string): Promise<number> {
  const text = await (await fetch(`${instance.origin}/api/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
}

async function createLink(): Promise<string> {
  const response = await fetch(`${nginx.origin}/api/links`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: "https://example.com/load-balancer" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

/** Which instance serves the page's one live stream (polled: it opens after the page loads). */
async function streamHolder(): Promise<NextInstance> {
  let holder: NextInstance | undefined;
  await expect
    .poll(async () => {
      const open = await Promise.all(instances.map((i) => figure(i, "livekv_sse_connections")));
      holder = open[0] === 1 && open[1] === 0 ? instances[0] : open[0] === 0 && open[1] === 1 ? instances[1] : undefined;
      return open;
    })
    .toEqual(expect.arrayContaining([0, 1]));
  if (!holder) throw new Error("no instance holds the page's stream");
  return holder;
}

test("nginx passes X-Forwarded-For: the instances see relayed requests, and keep /api/metrics from them", async () => {
  expect((await fetch(`${nginx.origin}/api/health`)).status).toBe(200);
  const relayed = await fetch(`${nginx.origin}/api/metrics`);
  expect(relayed.status).toBe(403);
  expect(((await relayed.json()) as { error: { code: string } }).error.code).toBe("forbidden");
});

test("a click through one instance reaches the page whose stream the other serves within a second; stopping that one moves the stream", async ({ page }) => {
  const code = await createLink();
  await page.goto(`${nginx.origin}/links/${code}`);
  await expect(page.getByTestId("click-count")).toHaveText("0");
  await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");
  const holder = await streamHolder();
  const other = instances.find((i) => i !== holder) as NextInstance;

  // Round robin sends clicks to both instances: click until the other one has taken one.
  let crossed = 0;
  for (let clicks = 1; clicks <= 8 && crossed === 0; clicks++) {
    const before = await figure(other, "livekv_link_clicks_total");
    const response = await fetch(`${nginx.origin}/s/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
    expect(response.status).toBe(302);
    await expect(page.getByTestId("click-count")).toHaveText(String(clicks), { timeout: 1_000 });
    crossed += (await figure(other, "livekv_link_clicks_total")) - before;
  }
  expect(crossed).toBe(1);
  const shown = Number(await page.getByTestId("click-count").textContent());

  // The page's instance stops as a deployment stops it: its stream ends with a retry hint
  // and nginx sends the reconnection to the other instance.
  const stopped = Date.now();
  await holder.stop();
  await expect.poll(() => figure(other, "livekv_sse_connections"), { timeout: 5_000 }).toBe(1);
  await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live", { timeout: 1 });
  expect(Date.now() - stopped).toBeLessThan(5_000);

  // …and it is live there: the next click shows.
  const response = await fetch(`${nginx.origin}/s/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
  expect(response.status).toBe(302);
  await expect(page.getByTestId("click-count")).toHaveText(String(shown + 1), { timeout: 1_000 });
});
