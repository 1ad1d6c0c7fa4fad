// A prefix watch spanning buckets catches up after a lost subscriber from where its last
// catch-up got to in each bucket, not from its start: a watch open for a day must not list a
// day of changes at each reconnect. And it still loses nothing: a commit made while the
// subscriber was away arrives, once. One cluster for the file, whose subscribers it kills.

import Redis from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "@/scripts/redis/fixtures/cluster";
import { StreamProbe, waitFor } from "../test-support";
import type { KvEntryMaybe } from "../types";
import { openKv, type Kv } from "../index";

let cluster: TestCluster;
let watching: Kv;
let writing: Kv;

beforeAll(async () => {
  cluster = await startTestCluster();
  const nodes = cluster.seeds().map(({ host, port }) => `${host}:${port}`);
  watching = await openKv({ cluster: { nodes }, prefix: "cu" });
  writing = await openKv({ cluster: { nodes }, prefix: "cu" });
}, 60_000);

afterAll(async () => {
  await watching?.close();
  await writing?.close();
  await cluster?.stop();
});

/** Drops every subscriber connection of every primary; resolves once the watch hub is live again. */
async function loseSubscribers(duringOutage: () => Promise<void>): Promise<void> {
  const lives: boolean[] = [];
  const stop = watching.onWatchLiveChange((live) => lives.push(live));
  const primaries = (await cluster.nodes()).filter((node) => node.role === "master" && !node.failed);
  for (const node of primaries) {
    const redis = new Redis({ port: node.port, host: "127.0.0.1", maxRetriesPerRequest: 0 });
    try {
      await redis.call("CLIENT", "KILL", "TYPE", "pubsub");
    } finally {
      redis.disconnect();
    }
  }
  await duringOutage();
  await waitFor(() => lives.includes(false) && lives.at(-1) === true && watching.watchStats().connected, "the watch to be live again", {
    timeoutMs: 10_000,
  });
  stop();
}

it("after a reconnect a prefix watch over many buckets lists only what came after its last catch-up, and loses nothing", async () => {
  const probe = new StreamProbe(watching.watchPrefix(["feed"]) as ReadableStream<KvEntryMaybe[]>);
  const times = new Map<string, number>();
  const receive = async (until: () => boolean): Promise<void> => {
    while (!until()) {
      for (const entry of await probe.next(10_000, `changes (have ${[...times.keys()].join(" ")})`)) {
        const name = entry.key[1] as string;
        times.set(name, (times.get(name) ?? 0) + 1);
      }
    }
  };
  // Each key its own partition: spread over the buckets, on every primary.
  const before = Array.from({ length: 100 }, (_, i) => `before ${i}`);
  // The watch is subscribed once a change reaches it.
  await waitFor(
    async () => {
      await writing.set(["feed", before[0]], 0);
      return await probe
        .next(200)
        .then(() => true)
        .catch(() => false);
    },
    "the watch to be subscribed",
  );
  times.clear();
  for (const name of before) await writing.set(["feed", name], 1);
  await receive(() => times.size === before.length);

  // A first outage: its catch-up lists what the watch has seen so far (nothing was listed yet).
  await loseSubscribers(async () => {});
  const between = Array.from({ length: 10 }, (_, i) => `between ${i}`);
  for (const name of between) await writing.set(["feed", name], 1);
  await receive(() => between.every((name) => times.has(name)));

  // The second outage's catch-ups (one per primary that comes back) list what came after the
  // first, not the 100 keys from before it.
  const readsBefore = watching.watchStats().reads;
  await loseSubscribers(() => writing.set(["feed", "during"], 1).then(() => {}));
  await receive(() => times.has("during"));
  const reads = watching.watchStats().reads - readsBefore;
  const primaries = (await cluster.nodes()).filter((node) => node.role === "master" && !node.failed).length;
  console.log(`[catch-up] keys read by the second outage's catch-ups: ${reads} (${primaries} primaries)`);
  expect(reads).toBeLessThanOrEqual(primaries * (between.length + 1) + 1);
  expect(reads).toBeLessThan(before.length);

  // Nothing twice, nothing lost.
  await probe.next(500).then(
    (batch) => batch.forEach((entry) => times.set(entry.key[1] as string, (times.get(entry.key[1] as string) ?? 0) + 1)),
    () => {},
  );
  expect(times.get("during")).toBe(1);
  expect([...times].filter(([, count]) => count !== 1)).toEqual([]);
  expect(times.size).toBe(before.length + between.length + 1);
  await probe.cancel();
}, 60_000);
