// What a Kv on Redis Cluster adds to the shared lib/kv suite (which runs on the cluster too):
// where keys live, what commits together, versionstamps, waiting for replicas.
import calculateSlot from "cluster-key-slot";
import { Cluster } from "ioredis";
import { describe, expect, it } from "vitest";
import { Buckets } from "../buckets";
import { KvCommitNotReplicatedError, KvCrossPartitionCommitError, openKv } from "../index";
import type { KvKey } from "../types";
import { CLUSTER_TEST_RULE, expectFailure, uniquePrefix, useKvTestEnv, VERSIONSTAMP } from "../test-support";

const env = useKvTestEnv();

function primaryOf(prefix: string, key: KvKey): string {
  const buckets = new Buckets(prefix, CLUSTER_TEST_RULE);
  const cluster = env.redis() as Cluster;
  return cluster.slots[calculateSlot(buckets.layout(buckets.bucketOf(key)).clock)][0];
}

async function mgetCalls(): Promise<Map<string, number>> {
  const cluster = env.redis() as Cluster;
  const out = new Map<string, number>();
  for (const node of cluster.nodes("master")) {
    const stats = (await node.info("commandstats")) as string;
    out.set(`${node.options.host}:${node.options.port}`, Number(/cmdstat_mget:calls=(\d+)/.exec(stats)?.[1] ?? 0));
  }
  return out;
}

describe("Kv on Redis Cluster", () => {
  it("spreads a Kv's partitions over every primary; keys of one partition share a slot", async () => {
    const prefix = uniquePrefix("spread");
    const kv = await env.open(prefix);
    await (env.redis() as Cluster).ping(); // the slot map
    const rooms = Array.from({ length: 40 }, (_, i): KvKey => ["rooms", `r${i}`, "state"]);
    await Promise.all(rooms.map((key, i) => kv.set(key, i)));
    expect(new Set(rooms.map((key) => primaryOf(prefix, key))).size).toBe(3);
    expect(primaryOf(prefix, ["rooms", "r1", "log", 7])).toBe(primaryOf(prefix, ["rooms", "r1", "state"]));
    expect(await env.redis().exists(env.dataKey(prefix, ["rooms", "r1", "state"]))).toBe(1);
    const spread = rooms.slice(0, 10);
    expect((await kv.getMany(spread)).map((entry) => entry.value)).toEqual(spread.map((_, i) => i));
  });

  it("getMany reads a partition's keys with one MGET, however many keys", async () => {
    const kv = await env.open();
    const keys = Array.from({ length: 10 }, (_, i): KvKey => ["rooms", "one", i]);
    await kv.atomic().mutate(...keys.map((key, i) => ({ type: "set" as const, key, value: i }))).commit();
    const before = await mgetCalls();
    expect((await kv.getMany(keys)).map((entry) => entry.value)).toEqual(keys.map((_, i) => i));
    const after = await mgetCalls();
    const calls = [...after].reduce((sum, [node, n]) => sum + n - (before.get(node) ?? 0), 0);
    expect(calls).toBe(1);
  });

  it("a commit spanning partitions is refused before anything is written, naming the keys", async () => {
    const kv = await env.open();
    const error = await expectFailure(
      () => kv.atomic().set(["rooms", "a", "x"], 1).set(["rooms", "b", "y"], 2).commit(),
      KvCrossPartitionCommitError,
      /\["rooms", "a", "x"\].*\["rooms", "b", "y"\].*Nothing was written/,
    );
    expect(error.keys).toEqual([["rooms", "a", "x"], ["rooms", "b", "y"]]);
    expect((await kv.getMany([["rooms", "a", "x"], ["rooms", "b", "y"]])).map((e) => e.versionstamp)).toEqual([null, null]);
    // Within one partition the same commit is atomic.
    const ok = await kv.atomic().set(["rooms", "a", "x"], 1).set(["rooms", "a", "y"], 2).commit();
    expect(ok.ok).toBe(true);
  });

  it("versionstamps strictly increase per key and per partition, and follow Redis's clock across partitions", async () => {
    const kv = await env.open();
    const stamps: string[] = [];
    for (let i = 0; i < 50; i++) stamps.push((await kv.set(["rooms", "vs", i % 3], i)).versionstamp);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] > stamps[i - 1]).toBe(true);
    const other = await kv.set(["rooms", "elsewhere", 0], 1);
    expect(other.versionstamp).toMatch(VERSIONSTAMP);
    // µs since 1970 (Redis TIME): within a minute of this machine's clock.
    expect(Math.abs(parseInt(other.versionstamp.slice(0, 16), 16) / 1000 - Date.now())).toBeLessThan(60_000);
  });

  it("a commit can wait for a replica; asking for more than there are says it was applied but not replicated", async () => {
    const kv = await env.open();
    const key: KvKey = ["rooms", "durable", "n"];
    expect((await kv.atomic().sum(key, 1n).commit({ waitForReplicas: { replicas: 1, timeoutMs: 1000 } })).ok).toBe(true);
    const error = await expectFailure(
      () => kv.atomic().sum(key, 1n).commit({ waitForReplicas: { replicas: 2, timeoutMs: 50 } }),
      KvCommitNotReplicatedError,
      /applied on the Redis primary, but 1 of the 2 replica/,
    );
    expect(error.versionstamp).toMatch(VERSIONSTAMP);
    // Applied all the same: the error says so truthfully.
    expect((await kv.get(key)).versionstamp).toBe(error.versionstamp);
    expect(((await kv.get(key)).value as { value: bigint }).value).toBe(2n);
  });

  it("the Kv's own waitForReplicas applies to every commit unless a commit says otherwise", async () => {
    const kv = await env.open(undefined, { waitForReplicas: { replicas: 2, timeoutMs: 50 } });
    await expectFailure(() => kv.set(["rooms", "w", "a"], 1), KvCommitNotReplicatedError);
    expect((await kv.atomic().set(["rooms", "w", "b"], 1).commit({ waitForReplicas: false })).ok).toBe(true);
  });

  it("openKv takes url or cluster, not both, and checks the seed nodes", async () => {
    await expectFailure(() => openKv({ url: "redis://127.0.0.1:1", cluster: { nodes: ["127.0.0.1:1"] } }), TypeError, /not both/);
    await expectFailure(() => openKv({ cluster: { nodes: [] } }), TypeError, /at least one/);
    await expectFailure(() => openKv({ cluster: { nodes: ["no-port"] } }), TypeError, /host:port/);
    await expectFailure(() => openKv({ cluster: { nodes: ["127.0.0.1:1"], buckets: 0 } }), RangeError, /buckets/);
  });
});
