// Several app instances, one Redis: two app server processes of the same build share a
// throwaway redis-server (in the "cluster" project: a throwaway Redis Cluster), and a change made through either reaches the live streams and
// pages of the other at once — every instance learns of changes from Redis, not from its
// peers, so a load balancer may send any request to any instance (no stickiness).

import { expect, test } from "@playwright/test";
import { startNextInstance, type NextInstance } from "./support/next-instance";
import { startE2eRedis, type E2eRedis } from "./support/redis-backend";

const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

let redis: E2eRedis;
let one: NextInstance;
let two: NextInstance;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  redis = await startE2eRedis(testInfo);
  [one, two] = await Promise.all([startNextInstance(redis.url, { env: redis.env }), startNextInstance(redis.url, { env: redis.env })]);
});

test.afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await redis?.stop();
});

/** The click counts one SSE client sees, each with the moment it arrived. */
class StatsStream {
  readonly seen: { clicks: number; at: number }[] = [];
  #abort = new AbortController();
  #done: Promise<void>;

  constructor(url: string) {
    this.#done = (async () => {
      const response = await fetch(url, { signal: this.#abort.signal, headers: { accept: "text/event-stream" } });
      if (!response.ok || !response.body) throw new Error(`GET ${url}: HTTP ${response.status}`);
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const clicks = /"clicks":(\d+)/.exec(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (clicks) this.seen.push({ clicks: Number(clicks[1]), at: performance.now() });
        }
      }
    })().catch((error: unknown) => {
      if (!this.#abort.signal.aborted) throw error;
    });
  }

  /** Resolves with the arrival time of the first event showing `clicks`. */
  async waitFor(clicks: number, timeoutMs = 5_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.seen.find((s) => s.clicks === clicks);
      if (hit) return hit.at;
      if (performance.now() > deadline) throw new Error(`no event with clicks ${clicks}; saw ${JSON.stringify(this.seen)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#done;
  }
}

async function createLink(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/links`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: "https://example.com/multi-instance" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

async function click(origin: string, code: string): Promise<number> {
  const sent = performance.now();
  const response = await fetch(`${origin}/s/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
  expect(response.status).toBe(302);
  return sent;
}

test("a click through one instance reaches SSE clients of the other within a second, both ways", async () => {
  const code = await createLink(one.origin);
  const onTwo = new StatsStream(`${two.origin}/api/links/${code}/events`);
  const onOne = new StatsStream(`${one.origin}/api/links/${code}/events`);
  try {
    await onTwo.waitFor(0);
    await onOne.waitFor(0);

    const first = await click(one.origin, code);
    expect((await onTwo.waitFor(1)) - first).toBeLessThan(1_000);
    // Both streams show the first click before the second is made: a state stream may skip
    // to the newest state when two changes land together, and this test counts events.
    await onOne.waitFor(1);

    const second = await click(two.origin, code);
    expect((await onOne.waitFor(2)) - second).toBeLessThan(1_000);
    await onTwo.waitFor(2);
    // Each stream saw every click once, in order: no gap, no duplicate.
    expect(onTwo.seen.map((s) => s.clicks)).toEqual([0, 1, 2]);
    expect(onOne.seen.map((s) => s.clicks)).toEqual([0, 1, 2]);
  } finally {
    await Promise.all([onOne.close(), onTwo.close()]);
  }
});

test("a live page served by one instance moves when the link is clicked through the other", async ({ page }) => {
  const code = await createLink(two.origin);
  await page.goto(`${two.origin}/links/${code}`);
  await expect(page.getByTestId("click-count")).toHaveText("0");
  await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");

  await click(one.origin, code);
  await expect(page.getByTestId("click-count")).toHaveText("1", { timeout: 1_000 });
});

test("each instance's /api/metrics counts only its own clicks, and both see the same link", async () => {
  const code = await createLink(one.origin);
  const clicksOf = async (origin: string): Promise<number> => {
    const text = await (await fetch(`${origin}/api/metrics`)).text();
    return Number(/^livekv_link_clicks_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  };
  const [oneBefore, twoBefore] = await Promise.all([clicksOf(one.origin), clicksOf(two.origin)]);
  await click(one.origin, code);
  await click(one.origin, code);
  await click(two.origin, code);
  expect(await clicksOf(one.origin)).toBe(oneBefore + 2);
  expect(await clicksOf(two.origin)).toBe(twoBefore + 1);
  const stats = (await (await fetch(`${two.origin}/api/links/${code}`)).json()) as { clicks: number };
  expect(stats.clicks).toBe(3);
});
