// A Kv on Cluster while a slot has no reachable primary (kill -9 of it, before its replica is
// promoted): operations on that slot fail within a bounded time as "unavailable" (the app's
// 503), never hang, and work again after the promotion without a restart. Commits are never
// resent: each is applied at most once. Its own cluster: it kills a node.
import calculateSlot from "cluster-key-slot";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isRedisUnavailable } from "../../redis/unavailable";
import { startTestCluster, type TestCluster } from "@/scripts/redis/fixtures/cluster";
import { Buckets } from "../buckets";
import { KvCommitUnknownError, KvU64, openKv } from "../index";
import type { KvKey } from "../types";
import { CLUSTER_TEST_RULE, uniquePrefix, waitFor } from "../test-support";

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const TIMEOUT_MS = 500;

it("while a slot's primary is dead, its operations fail within the timeout as unavailable; after promotion they succeed; no commit is applied twice", async () => {
  const prefix = uniquePrefix("down");
  const nodes = cluster.seeds().map(({ host, port }) => `${host}:${port}`);
  const kv = await openKv({ cluster: { nodes }, prefix, commandTimeoutMs: TIMEOUT_MS });
  try {
    const key: KvKey = ["rooms", "down", "n"];
    const buckets = new Buckets(prefix, CLUSTER_TEST_RULE);
    const slot = calculateSlot(buckets.layout(buckets.bucketOf(key)).clock);
    await kv.atomic().sum(key, 1n).commit();
    let acked = 1;
    let unknown = 0;
    const failures: { error: unknown; ms: number }[] = [];
    let running = true;
    const writer = (async () => {
      while (running) {
        const started = performance.now();
        try {
          await kv.atomic().sum(key, 1n).commit();
          acked++;
        } catch (error) {
          if (error instanceof KvCommitUnknownError) unknown++;
          else failures.push({ error, ms: performance.now() - started });
        }
        // Timed from its own start: the commit before it may have taken its own bound.
        const reading = performance.now();
        try {
          await kv.get(key);
        } catch (error) {
          failures.push({ error, ms: performance.now() - reading });
        }
      }
    })();
    await cluster.killPrimaryOf(slot);
    // Back without a restart: a commit after the promotion is acknowledged.
    const ackedAtPromotion = acked;
    await waitFor(() => acked > ackedAtPromotion + 5, "commits acknowledged after the promotion", { timeoutMs: 10_000 });
    running = false;
    await writer;

    expect(failures.length).toBeGreaterThan(0);
    for (const { error, ms } of failures) {
      expect(isRedisUnavailable(error), String(error)).toBe(true);
      // A commit or read waits at most the timeout, then a last attempt of at most the timeout.
      expect(ms).toBeLessThan(3 * TIMEOUT_MS + 500);
    }
    // Each commit applied at most once: never more than were acknowledged or left unknown.
    // (Fewer is possible: replication is asynchronous, the dead primary's last acks may be lost.)
    const total = (await kv.get<KvU64>(key)).value?.value ?? 0n;
    expect(total <= BigInt(acked + unknown)).toBe(true);
  } finally {
    await kv.close();
  }
}, 60_000);
