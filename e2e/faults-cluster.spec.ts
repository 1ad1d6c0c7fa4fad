// A primary of the Redis Cluster killed (kill -9) under the running app, with two browsers open:
// one on a link's analytics page, one in a chat room, both kept on the primary that dies. The
// app runs with LIVEKV_WAIT_REPLICAS=1: a write is acknowledged once a replica has it. While the
// slot has no primary, writes answer 503 `unavailable` and the chat page shows its message as
// not sent, with a retry; within 10 s of the replica's promotion both pages show the latest
// state, and every write acknowledged before, during or after is there.

import { expect, test, type Page } from "@playwright/test";
import calculateSlot from "cluster-key-slot";
import { Buckets } from "../lib/kv/buckets";
import { appPartitionOf } from "../lib/server/partitions";
import { startTestCluster, type TestCluster } from "../scripts/redis/fixtures/cluster";
import { startNextInstance, type NextInstance } from "./support/next-instance";
import { visitorCookie } from "./support/visitor";

const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const CURRENT_WITHIN_MS = 10_000;
// The app's Kv: openKv's default prefix and cluster rule, with the app's partitions.
const buckets = new Buckets("kv", { buckets: 64, partitionKeyParts: 2, partitionOf: appPartitionOf });
const slotOf = (key: (string | number)[]): number => calculateSlot(buckets.layout(buckets.bucketOf(key)).clock);

let cluster: TestCluster;
let app: NextInstance;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  cluster = await startTestCluster();
  const nodes = cluster.seeds().map(({ host, port }) => `${host}:${port}`).join(",");
  // A command gives up after 800 ms (default 2 s): shorter than a failover here (the nodes'
  // timeout is 1.5 s), so writes during the gap are refused rather than held until it is over.
  app = await startNextInstance("", {
    env: { REDIS_CLUSTER_NODES: nodes, LIVEKV_WAIT_REPLICAS: "1", LIVEKV_REDIS_COMMAND_TIMEOUT_MS: "800" },
  });
});

// Each run (`--repeat-each`, a retry) starts from a whole cluster, and from an app that can
// have its writes acknowledged: the run before may have left its killed node still rejoining.
test.beforeEach(async ({}, testInfo) => {
  testInfo.setTimeout(testInfo.timeout + 60_000);
  await cluster.whole();
  await expect
    .poll(async () => (await api("/api/links", { body: { url: "https://example.com/ready" }, headers: cookie })).status, { timeout: 30_000 })
    .toBe(201);
});

test.afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
});

async function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${app.origin}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", "user-agent": BROWSER_UA, ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: "manual",
  });
}

const cookie = { cookie: visitorCookie("clusterfault".padEnd(22, "x")) };

/** A room whose partition the primary serving `slot` holds (room ids are slugs of their names). */
async function roomOnPrimaryOf(slot: number): Promise<string> {
  const primary = (await cluster.primaryOf(slot)).port;
  for (let i = 0; i < 500; i++) {
    const name = `Fault room ${Date.now().toString(36)} ${i}`;
    const id = name.toLowerCase().replaceAll(" ", "-");
    if ((await cluster.primaryOf(slotOf(["rooms", id]))).port !== primary) continue;
    const response = await api("/api/rooms", { body: { name }, headers: cookie });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { id: string }).id).toBe(id);
    return id;
  }
  throw new Error("no room name found on that primary");
}

test("kill -9 of the primary holding a link and a room: 503 during the gap, both pages current within 10 s of the promotion, nothing acknowledged lost", async ({ browser }) => {
  test.setTimeout(120_000);
  const created = await api("/api/links", { body: { url: "https://example.com/cluster-fault" }, headers: cookie });
  expect(created.status).toBe(201);
  const { code } = (await created.json()) as { code: string };
  const slot = slotOf(["links", code]);
  const room = await roomOnPrimaryOf(slot);

  const context = await browser.newContext({ userAgent: BROWSER_UA });
  await context.addInitScript(() => localStorage.setItem("livekv.chat.author", "Ann"));
  const analytics: Page = await context.newPage();
  const chat: Page = await context.newPage();
  let reviving: Promise<void> | undefined;
  try {
    await analytics.goto(`${app.origin}/links/${code}`);
    await chat.goto(`${app.origin}/chat/${room}`);
    for (const page of [analytics, chat]) await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");

    // Acknowledged before the fault (each one on a replica too).
    let clicks = 0;
    for (let i = 0; i < 3; i++) {
      expect((await api(`/s/${code}`)).status).toBe(302);
      clicks += 1;
    }
    await chat.getByTestId("composer-input").fill("before the kill");
    await chat.getByTestId("composer-input").press("Enter");
    await expect(analytics.getByTestId("click-count")).toHaveText(String(clicks));
    await expect(chat.getByTestId("message").filter({ hasText: "before the kill" })).toHaveAttribute("data-state", "sent");

    let gone = false;
    const failover = cluster.killPrimaryOf(slot, () => (gone = true));
    await expect.poll(() => gone).toBe(true);

    // The gap: the page's send fails and says so; API writes answer 503 unavailable.
    await chat.getByTestId("composer-input").fill("during the gap");
    await chat.getByTestId("composer-input").press("Enter");
    const gapMessage = chat.getByTestId("messages").locator("li").filter({ hasText: "during the gap" });
    await expect(gapMessage.getByTestId("message-error")).toBeVisible({ timeout: 8_000 });
    const during = await api(`/api/rooms/${room}/messages`, { body: { author: "Bob", text: "api during the gap" }, headers: cookie });
    const click = await api(`/s/${code}`);
    if (click.status === 302) clicks += 1; // the promotion may already be done: then it counts
    const duringBody = (await during.json()) as { error?: { code: string } };
    expect([201, 503], JSON.stringify(duringBody)).toContain(during.status);
    if (during.status === 503) expect(duringBody.error?.code).toBe("unavailable");
    expect([302, 503]).toContain(click.status);

    const { killed, promotedAfterMs } = await failover;
    const promoted = performance.now();
    test.info().annotations.push({ type: "replica promoted after the kill", description: `${Math.round(promotedAfterMs)} ms` });
    // The promoted replica has no replica of its own: under LIVEKV_WAIT_REPLICAS=1 its writes
    // are applied but not acknowledged (503) until one is back. The dead node is started again,
    // as a supervisor would, and rejoins as the new primary's replica.
    reviving = cluster.revive(killed.port);

    // Clicks are retried until acknowledged; a refused one may still have been applied.
    let attempted = clicks + (click.status === 302 ? 0 : 1);
    const refusals = new Set<string>();
    for (;;) {
      attempted += 1;
      const response = await api(`/s/${code}`);
      if (response.status === 302) {
        clicks += 1;
        break;
      }
      expect(response.status).toBe(503);
      refusals.add(((await response.text()).match(/unavailable|not replicated|outcome|unknown/i) ?? ["503"])[0]);
      if (performance.now() - promoted > CURRENT_WITHIN_MS) throw new Error(`clicks still refused 10 s after the promotion: ${[...refusals].join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const againMs = Math.round(performance.now() - promoted);
    test.info().annotations.push({ type: "acknowledged again after the promotion", description: `${againMs} ms` });
    console.log(`[faults] replica promoted ${Math.round(promotedAfterMs)} ms after the kill; clicks acknowledged again ${againMs} ms after that (refused meanwhile: ${[...refusals].join(", ") || "none"})`);
    // The page's retry of its refused message goes through.
    await gapMessage.getByRole("button", { name: "Retry" }).click().catch(() => undefined);

    const left = () => Math.max(500, CURRENT_WITHIN_MS - (performance.now() - promoted));
    await expect(chat.getByTestId("message").filter({ hasText: "during the gap" })).toHaveAttribute("data-state", "sent", { timeout: left() });
    await expect(chat.getByTestId("message").filter({ hasText: "before the kill" })).toHaveCount(1, { timeout: left() });
    if (during.status === 201) await expect(chat.getByTestId("message").filter({ hasText: "api during the gap" })).toHaveCount(1, { timeout: left() });
    // Nothing acknowledged is lost: the stored count holds every 302 answered (and at most
    // the refused clicks besides, which may have been applied), and the page shows it.
    const stats = (await (await api(`/api/links/${code}`)).json()) as { clicks: number };
    expect(stats.clicks).toBeGreaterThanOrEqual(clicks);
    expect(stats.clicks).toBeLessThanOrEqual(attempted);
    await expect(analytics.getByTestId("click-count")).toHaveText(String(stats.clicks), { timeout: left() });
    for (const page of [analytics, chat]) {
      await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live", { timeout: left() });
    }
    await reviving;
  } finally {
    await context.close();
    await reviving?.catch(() => undefined); // a failed run: the next one's beforeEach restores the cluster
  }
});
