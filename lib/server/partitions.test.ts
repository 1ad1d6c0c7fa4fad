// The app's partitions on a real Redis Cluster: one entity's keys of different families commit
// together (a click's counters with the link), which the default rule (first two key parts)
// refuses; on one Redis everything is one bucket and there is nothing to check.
import calculateSlot from "cluster-key-slot";
import type { Cluster } from "ioredis";
import { describe, expect, it } from "vitest";
import { KvCrossPartitionCommitError, KvU64, openKv } from "@/lib/kv";
import { backend, clusterTestOptions, expectFailure, uniquePrefix, useKvTestEnv } from "@/lib/kv/test-support";
import { counterKey, takeToken } from "@/lib/rate-limit";
import { appPartitionOf } from "./partitions";

const env = useKvTestEnv();
const onCluster = describe.skipIf(backend !== "cluster");

onCluster("appPartitionOf on a Redis Cluster", () => {
  it("is what the app's cluster tests open their Kv with", () => {
    expect(clusterTestOptions.partitionOf).toBe(appPartitionOf);
  });

  it("a link and its counters commit together; without it the same commit is refused", async () => {
    const code = `p${Date.now().toString(36)}`;
    const commit = (kv: Awaited<ReturnType<typeof openKv>>) =>
      kv.atomic().set(["links", code], { code }).sum(["link_clicks", code], 1n).sum(["link_minutes", code, 1], 1n).commit();

    const kv = await env.open();
    expect((await commit(kv)).ok).toBe(true);
    expect((await kv.get<KvU64>(["link_clicks", code])).value?.value).toBe(1n);

    const plain = await openKv({ cluster: { nodes: env.target.cluster?.nodes ?? [] }, prefix: uniquePrefix("plain") });
    try {
      await expectFailure(() => commit(plain), KvCrossPartitionCommitError);
    } finally {
      await plain.close();
    }
  });

  it("the rate-limit counters of one scope's many clients spread over every primary", async () => {
    const prefix = uniquePrefix("rates");
    const kv = await env.open(prefix);
    const rule = { limit: 5, windowMs: 60_000 };
    const now = Date.now();
    const clients = Array.from({ length: 30 }, (_, i) => `client-${i}`);
    for (const client of clients) expect((await takeToken(kv, "chat:send", client, rule, now)).ok).toBe(true);

    const cluster = env.redis() as Cluster;
    await cluster.ping(); // the slot map
    const window = Math.floor(now / rule.windowMs);
    const primaries = new Set(
      await Promise.all(
        clients.map(async (client) => {
          const key = env.dataKey(prefix, counterKey("chat:send", client, window));
          expect(await cluster.exists(key)).toBe(1);
          return cluster.slots[calculateSlot(key)][0];
        }),
      ),
    );
    expect(primaries.size).toBe(3);
  });

  it("a known visitor's link list entry and the clientId of its create commit together", async () => {
    const kv = await env.open();
    const result = await kv
      .atomic()
      .set(["visitor_links", "visitor-1", "t1"], { code: "x" })
      .set(["link_client_ids", "v:visitor-1", "client-1"], { id: "x" })
      .commit();
    expect(result.ok).toBe(true);
  });
});
