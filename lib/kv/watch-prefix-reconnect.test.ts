// After its subscriber reconnects, a prefix watch can hear of a new commit before its catch-up
// has listed what was committed during the outage. A commit made during the outage on
// another key, stamped before that new one, must still be delivered. The hub is driven
// directly, on its own real redis-server whatever the test back-end, so that the catch-up
// can be held until the new commit has been delivered.

import Redis from "ioredis";
import { afterEach, expect, it } from "vitest";
import { ensureKeyspaceNotifications } from "../redis/notifications";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";
import { encodeKeyHex } from "./key-codec";
import { VERSIONSTAMP_LENGTH } from "./layout";
import { StreamProbe, waitFor } from "./test-support";
import type { KvEntryMaybe } from "./types";
import { WatchHub, type WatchHubOptions } from "./watch-hub";

const DATA = "reconnect:d:";
const hexPrefix = encodeKeyHex(["p"]);
const hexA = encodeKeyHex(["p", "a"]);
const hexB = encodeKeyHex(["p", "b"]);
const stamp = (n: number): string => n.toString(16).padStart(VERSIONSTAMP_LENGTH, "0");

let server: RedisServer | undefined;
const cleanup: (() => void)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0)) step();
  await server?.stop();
});

const cases: [string, Pick<WatchHubOptions, "clockOf">][] = [
  ["one versionstamp counter", {}],
  // Cluster: a counter per bucket; both keys in one bucket.
  ["a counter per bucket", { clockOf: () => "the bucket of both keys" }],
];

it.each(cases)(
  "with %s, a commit made during an outage is delivered though a newer one was heard of first",
  async (_, clocks) => {
    server = await startRedisServer();
    const redis = new Redis(server.url);
    await ensureKeyspaceNotifications(redis);
    const subscriber = new Redis(server.url, { autoResubscribe: false, enableReadyCheck: false, maxRetriesPerRequest: null });
    let counter = 1;
    const commit = async (hex: string, n: number, value: string): Promise<void> => {
      counter = Math.max(counter, n);
      await redis.set(DATA + hex, `${stamp(n)}${value}`);
    };
    // The catch-up's listing waits for this while it is set.
    let catchUpHeld: Promise<void> | null = null;
    let releaseCatchUp = (): void => {};
    const hub = new WatchHub({
      subscriber,
      db: 0,
      dataKeyGlob: () => DATA,
      hexOf: (dataKey) => dataKey.slice(DATA.length),
      read: (dataKeys) => redis.mgetBuffer(...dataKeys),
      listSince: async (prefix, since) => {
        await catchUpHeld;
        const dataKeys = await redis.keys(`${DATA}${prefix}*`);
        const raws = dataKeys.length > 0 ? await redis.mgetBuffer(...dataKeys) : [];
        return dataKeys
          .map((dataKey, i) => ({ hex: dataKey.slice(DATA.length), raw: raws[i] }))
          .filter((entry): entry is { hex: string; raw: Buffer } => entry.raw !== null && entry.raw.toString("latin1", 0, VERSIONSTAMP_LENGTH) > since);
      },
      currentVersionstamp: async () => stamp(counter),
      decode: (key, raw) => ({ key, value: raw.toString("latin1", VERSIONSTAMP_LENGTH), versionstamp: raw.toString("latin1", 0, VERSIONSTAMP_LENGTH) }),
      decodeKey: (hex) => (hex === hexA ? ["p", "a"] : ["p", "b"]),
      ...clocks,
    });
    cleanup.push(() => releaseCatchUp(), () => hub.close(), () => subscriber.disconnect(), () => redis.disconnect());

    const probe = new StreamProbe(hub.watchPrefix(hexPrefix, ""));
    // The watch is subscribed once a change reaches it; keep writing until one does.
    let first: KvEntryMaybe[] | null = null;
    for (let attempt = 0; first === null && attempt < 50; attempt++) {
      await commit(hexB, 2, "b before");
      first = await probe.next(100).catch(() => null);
    }
    expect(first?.map((entry) => entry.value)).toEqual(["b before"]);

    // The outage: nothing committed now is notified.
    subscriber.disconnect();
    await waitFor(() => subscriber.status === "end", "the subscriber to be gone");
    await commit(hexA, 3, "a during the outage");

    // Back, with the catch-up held: a newer commit on another key is heard of first.
    catchUpHeld = new Promise((resolve) => (releaseCatchUp = resolve));
    subscriber.connect().catch(() => {});
    await waitFor(async () => Number(await redis.call("PUBSUB", "NUMPAT")) >= 1, "the pattern resubscribed");
    await commit(hexB, 4, "b after");
    expect((await probe.next(5000, "the commit after the outage")).map((entry) => entry.value)).toEqual(["b after"]);

    releaseCatchUp();
    const caughtUp = await probe.next(5000, "the commit made during the outage");
    expect(caughtUp.map((entry) => [entry.value, entry.versionstamp])).toEqual([["a during the outage", stamp(3)]]);
    await probe.reader.cancel();
  },
);
