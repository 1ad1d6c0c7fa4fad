// Reads during a slot migration: a bucket's keys already moved to another primary, its slot
// not yet handed over (what `redis-cli --cluster rebalance` or `reshard` does, slot by slot).
// The slot's primary answers ASK for those keys; get, getMany, list, a watch's reads and a
// prefix watch's catch-up follow it to the node that has them, whether the Cluster client
// keeps a connection to it (a primary already serving slots) or not (a primary just added).
// One cluster for the file; the moves are left unfinished.

import calculateSlot from "cluster-key-slot";
import Redis from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "@/scripts/redis/fixtures/cluster";
import { Buckets } from "../buckets";
import { isRedisUnavailable } from "../../redis/unavailable";
import { openKv, type Kv } from "../index";
import { encodeKeyHex } from "../key-codec";
import { collect, StreamProbe, values, waitFor } from "../test-support";
import type { KvEntryMaybe, KvKey, KvPrefixChanges } from "../types";

const PREFIX = "askread";
// openKv's default rule on Cluster: 64 buckets, chosen by the first two key parts.
const buckets = new Buckets(PREFIX, { buckets: 64, partitionKeyParts: 2 });

let cluster: TestCluster;
let kv: Kv;
// A primary added with no slot: the Cluster client keeps no connection to it. (redis-cli will
// not add a node while a slot is open, so it comes first.)
let emptyPrimary: number;

beforeAll(async () => {
  cluster = await startTestCluster();
  const nodes = cluster.seeds().map(({ host, port }) => `${host}:${port}`);
  kv = await openKv({ cluster: { nodes }, prefix: PREFIX, commandTimeoutMs: 2000 });
  emptyPrimary = await cluster.addEmptyPrimary();
}, 60_000);

afterAll(async () => {
  await kv?.close();
  await cluster?.stop();
});

function slotOf(key: KvKey): number {
  return calculateSlot(buckets.dataKey(buckets.bucketOf(key), encodeKeyHex(key)));
}

/**
 * Under `head`: three keys of one partition, whose bucket's keys (not its slot) are then moved
 * to the primary on `toPort`, and a key of another bucket on the same primary, which stays, so
 * that reads of both go to that primary in one pipeline and only part of it is answered ASK.
 */
async function storeThenBeginMove(head: string, toPort: (slot: number) => Promise<number>): Promise<{ moved: KvKey[]; stayed: KvKey }> {
  const moved: KvKey[] = ["a", "b", "c"].map((name) => [head, "moved", name]);
  const slot = slotOf(moved[0]);
  const source = await cluster.primaryOf(slot);
  let stayed: KvKey | undefined;
  for (let i = 0; stayed === undefined; i++) {
    const key: KvKey = [head, `stays ${i}`];
    if (slotOf(key) !== slot && source.slots.some(([from, to]) => slotOf(key) >= from && slotOf(key) <= to)) stayed = key;
  }
  for (const key of [...moved, stayed]) expect((await kv.set(key, `${key.at(-1)} of ${head}`)).ok).toBe(true);
  await cluster.beginSlotMove(slot, await toPort(slot));
  return { moved, stayed };
}

/** The port of a primary serving slots, other than the one serving `slot`. */
async function otherPrimary(slot: number): Promise<number> {
  const source = await cluster.primaryOf(slot);
  const other = (await cluster.nodes()).find((n) => n.role === "master" && !n.failed && n.slots.length > 0 && n.id !== source.id);
  if (!other) throw new Error("no other primary");
  return other.port;
}

async function expectReads(head: string, { moved, stayed }: { moved: KvKey[]; stayed: KvKey }): Promise<void> {
  expect((await kv.get(moved[0])).value).toBe(`a of ${head}`);
  expect(values(await kv.getMany([...moved, stayed]))).toEqual([`a of ${head}`, `b of ${head}`, `c of ${head}`, `${stayed.at(-1)} of ${head}`]);
  // One list script per bucket (the prefix is shorter than a partition): all 64 of them.
  expect((await collect(kv.list({ prefix: [head] }))).map((entry) => entry.value)).toEqual([
    `a of ${head}`,
    `b of ${head}`,
    `c of ${head}`,
    `${stayed.at(-1)} of ${head}`,
  ]);
}

it("get, getMany and list read a bucket whose keys moved to a primary the Cluster client is connected to", async () => {
  await expectReads("pooled", await storeThenBeginMove("pooled", otherPrimary));
}, 60_000);

it("get, getMany and list read a bucket whose keys moved to a primary just added, with no slot yet", async () => {
  await expectReads("new", await storeThenBeginMove("new", async () => emptyPrimary));
}, 60_000);

it("a watch of keys mid-migration starts with their values and sees a commit made meanwhile", async () => {
  const { moved } = await storeThenBeginMove("watched", async () => emptyPrimary);
  const probe = new StreamProbe(kv.watch(moved) as ReadableStream<KvEntryMaybe[]>);
  try {
    expect(values(await probe.next(10_000, "the first snapshot"))).toEqual(["a of watched", "b of watched", "c of watched"]);
    // It runs on the new primary, which no watcher subscribes to.
    expect((await kv.set(moved[1], "b again")).ok).toBe(true);
    const seen = await probe.until((snapshot) => snapshot[1].value === "b again", 10_000, "the commit");
    expect(values(seen)).toEqual(["a of watched", "b again", "c of watched"]);
  } finally {
    await probe.cancel();
  }
}, 60_000);

it("a prefix watch's catch-up after a lost subscriber lists a bucket mid-migration", async () => {
  const { moved } = await storeThenBeginMove("caught", otherPrimary);
  const probe = new StreamProbe(kv.watchPrefix(["caught"]) as ReadableStream<KvPrefixChanges>);
  const lives: boolean[] = [];
  const stop = kv.onWatchLiveChange((live) => lives.push(live));
  try {
    // The watch is subscribed once a commit reaches it. (Commits of keys not yet stored are
    // refused with TRYAGAIN until the migration ends: only stored ones here.)
    await waitFor(async () => {
      await kv.set(moved[0], Date.now());
      return probe.next(200).then(
        () => true,
        () => false,
      );
    }, "the prefix watch to be subscribed");
    // Every subscriber dropped, and a commit made before they are back: the catch-up, a
    // listing of every bucket, brings it.
    for (const node of (await cluster.nodes()).filter((n) => n.role === "master" && !n.failed)) {
      const redis = new Redis({ port: node.port, host: "127.0.0.1", maxRetriesPerRequest: 0 });
      try {
        await redis.call("CLIENT", "KILL", "TYPE", "pubsub");
      } finally {
        redis.disconnect();
      }
    }
    expect((await kv.set(moved[2], "while away")).ok).toBe(true);
    const changes = await probe.until(
      (batch) => batch.some((entry) => entry.value === "while away"),
      10_000,
      "the commit made while the subscribers were down",
    );
    expect(changes.find((entry) => entry.value === "while away")?.key).toEqual(moved[2]);
    expect(lives).toContain(false);
  } finally {
    stop();
    await probe.cancel();
  }
}, 60_000);

it("a list of a bucket whose slot is half moved (its index still on the old primary, a data key already on the new) fails as unavailable, not as an error, and reads them all once they have moved", async () => {
  const keys: KvKey[] = ["a", "b"].map((name) => ["half", "moved", name]);
  for (const key of keys) expect((await kv.set(key, `${key.at(-1)} of half`)).ok).toBe(true);
  const bucket = buckets.bucketOf(keys[0]);
  const slot = slotOf(keys[0]);
  const source = await cluster.primaryOf(slot);
  const target = (await cluster.nodes()).find((n) => n.port === emptyPrimary);
  if (!target) throw new Error("no empty primary");
  const move = new Redis({ port: source.port, host: "127.0.0.1" });
  const into = new Redis({ port: target.port, host: "127.0.0.1" });
  try {
    await into.cluster("SETSLOT", slot, "IMPORTING", source.id);
    await move.cluster("SETSLOT", slot, "MIGRATING", target.id);
    await move.migrate("127.0.0.1", target.port, buckets.dataKey(bucket, encodeKeyHex(keys[0])), 0, 5000);
  } finally {
    move.disconnect();
    into.disconnect();
  }
  expect((await kv.get(keys[0])).value).toBe("a of half");
  const started = performance.now();
  const failure = await collect(kv.list({ prefix: ["half", "moved"] })).then(
    () => null,
    (error: unknown) => error,
  );
  expect(isRedisUnavailable(failure), String(failure)).toBe(true);
  expect(performance.now() - started).toBeLessThan(2_000 + 1_000);

  // The rest of the slot's keys follow: the list is served by the new primary (ASK).
  const rest = new Redis({ port: source.port, host: "127.0.0.1" });
  try {
    const left = (await rest.cluster("GETKEYSINSLOT", slot, 1000)) as string[];
    await rest.migrate("127.0.0.1", target.port, "", 0, 5000, "KEYS", ...left);
  } finally {
    rest.disconnect();
  }
  expect((await collect(kv.list({ prefix: ["half", "moved"] }))).map((entry) => entry.value)).toEqual(["a of half", "b of half"]);
}, 60_000);

it("a list of a bucket whose index moved before its data keys is refused as unavailable, never answered short, and its index keeps every entry", async () => {
  const keys: KvKey[] = ["a", "b"].map((name) => ["early", "index", name]);
  for (const key of keys) expect((await kv.set(key, `${key.at(-1)} of early`)).ok).toBe(true);
  const index = buckets.layout(buckets.bucketOf(keys[0])).index;
  const slot = calculateSlot(index);
  const source = await cluster.primaryOf(slot);
  const target = (await cluster.nodes()).find((n) => n.port === emptyPrimary);
  if (!target) throw new Error("no empty primary");
  const from = new Redis({ port: source.port, host: "127.0.0.1" });
  const into = new Redis({ port: target.port, host: "127.0.0.1" });
  try {
    await into.cluster("SETSLOT", slot, "IMPORTING", source.id);
    await from.cluster("SETSLOT", slot, "MIGRATING", target.id);
    await from.migrate("127.0.0.1", target.port, index, 0, 5000);

    // Asked to the new node, the list would find the data keys absent there.
    const failure = await collect(kv.list({ prefix: ["early", "index"] })).then(
      (entries) => entries.map((entry) => entry.value),
      (error: unknown) => error,
    );
    expect(isRedisUnavailable(failure), String(failure)).toBe(true);
    await into.asking();
    expect(await into.zcard(index)).toBe(2);

    // The rest follows and the slot is handed over: every entry is listed.
    const left = (await from.cluster("GETKEYSINSLOT", slot, 1000)) as string[];
    await from.migrate("127.0.0.1", target.port, "", 0, 5000, "KEYS", ...left);
    await cluster.finishSlotMove(slot, target.port);
  } finally {
    from.disconnect();
    into.disconnect();
  }
  expect((await collect(kv.list({ prefix: ["early", "index"] }))).map((entry) => entry.value)).toEqual(["a of early", "b of early"]);
}, 60_000);

it("a deletion committed on the node a slot is moving to reaches a prefix watch once", async () => {
  const key: KvKey = ["gone", "p", "k"];
  expect((await kv.set(key, 1)).ok).toBe(true);
  const probe = new StreamProbe(kv.watchPrefix(["gone"]) as ReadableStream<KvPrefixChanges>);
  try {
    await waitFor(async () => {
      await kv.set(key, Date.now());
      return probe.next(200).then(
        () => true,
        () => false,
      );
    }, "the prefix watch to be subscribed");
    await cluster.beginSlotMove(slotOf(key), await otherPrimary(slotOf(key)));
    await kv.delete(key);
    const deletions: KvEntryMaybe[] = [];
    for (;;) {
      const batch = await probe.next(1_500).catch(() => null);
      if (batch === null) break;
      deletions.push(...batch.filter((entry) => entry.value === null));
    }
    expect(deletions.map((entry) => entry.key)).toEqual([key]);
  } finally {
    await probe.cancel();
  }
}, 60_000);
