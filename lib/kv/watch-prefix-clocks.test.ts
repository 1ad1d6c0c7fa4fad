// A Kv on Cluster stamps commits with one counter per bucket, and notifications from different
// primaries arrive in any order: a prefix watch that has delivered a change stamped 5 by one
// counter still delivers a later-arriving change stamped 3 by another. The hub is driven
// directly here, on its own real redis-server whatever the test back-end, with two keys
// standing for two buckets.

import Redis from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureKeyspaceNotifications } from "../redis/notifications";
import { encodeKeyHex } from "./key-codec";
import { VERSIONSTAMP_LENGTH } from "./layout";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";
import { StreamProbe } from "./test-support";
import type { KvEntryMaybe } from "./types";
import { WatchHub } from "./watch-hub";

const DATA = "clocks:d:";
const hexA = encodeKeyHex(["p", "a"]);
const hexB = encodeKeyHex(["p", "b"]);
const stamp = (n: number): string => n.toString(16).padStart(VERSIONSTAMP_LENGTH, "0");

let server: RedisServer;
let redis: Redis;
let subscriber: Redis;
let hub: WatchHub;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  await ensureKeyspaceNotifications(redis);
  subscriber = new Redis(server.url, { autoResubscribe: false, enableReadyCheck: false, maxRetriesPerRequest: null });
  hub = new WatchHub({
    subscriber,
    db: 0,
    dataKeyGlob: () => DATA,
    hexOf: (dataKey) => dataKey.slice(DATA.length),
    read: (dataKeys) => redis.mgetBuffer(...dataKeys),
    listSince: async () => [],
    currentVersionstamp: async () => stamp(1),
    decode: (key, raw) => ({ key, value: raw.toString("latin1", VERSIONSTAMP_LENGTH), versionstamp: raw.toString("latin1", 0, VERSIONSTAMP_LENGTH) }),
    decodeKey: (hex) => (hex === hexA ? ["p", "a"] : ["p", "b"]),
    clockOf: (hex) => (hex === hexA ? "bucket a" : "bucket b"),
  });
});

afterAll(async () => {
  hub?.close();
  subscriber?.disconnect();
  redis?.disconnect();
  await server?.stop();
});

it("a prefix watch delivers a change of another counter stamped below one it delivered", async () => {
  const probe = new StreamProbe(hub.watchPrefix(encodeKeyHex(["p"]), ""));
  // The watch is subscribed once a change reaches it; keep writing until one does.
  let first: KvEntryMaybe[] | null = null;
  for (let attempt = 0; first === null && attempt < 50; attempt++) {
    await redis.set(DATA + hexB, `${stamp(5)}b`);
    first = await probe.next(100).catch(() => null);
  }
  expect(first?.map((entry) => entry.value)).toEqual(["b"]);

  await redis.set(DATA + hexA, `${stamp(3)}a`);
  const next = await probe.next(5000, "the change stamped by the other counter");
  expect(next.map((entry) => [entry.value, entry.versionstamp])).toEqual([["a", stamp(3)]]);

  // Within one counter, what is not newer than what was delivered is still skipped.
  await redis.set(DATA + hexB, `${stamp(4)}stale`);
  await redis.set(DATA + hexA, `${stamp(6)}a2`);
  expect((await probe.next()).map((entry) => entry.value)).toEqual(["a2"]);
  await probe.reader.cancel();
});
