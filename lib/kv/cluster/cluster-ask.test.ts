// A commit whose slot is being moved to a primary just added (its first slot: a rebalance onto
// an empty node) is answered ASK, naming a node the Cluster client keeps no connection to. The
// store reaches that node by itself: the commit lands there, at once, not after retrying until
// the command timeout; once the slot is the new node's, that connection is closed. One cluster
// for the file.

import calculateSlot from "cluster-key-slot";
import Redis from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "@/scripts/redis/fixtures/cluster";
import { Buckets } from "../buckets";
import { openKv, type Kv } from "../index";
import type { KvKey } from "../types";
import { encodeKeyHex } from "../key-codec";
import { waitFor } from "../test-support";

const PREFIX = "ask";

let cluster: TestCluster;
let kv: Kv;

beforeAll(async () => {
  cluster = await startTestCluster();
  const nodes = cluster.seeds().map(({ host, port }) => `${host}:${port}`);
  kv = await openKv({ cluster: { nodes }, prefix: PREFIX, commandTimeoutMs: 2000 });
}, 60_000);

afterAll(async () => {
  await kv?.close();
  await cluster?.stop();
});

it("a commit sent by ASK to a new primary the Cluster client has no connection to lands there", async () => {
  const key: KvKey = ["room", "first"];
  // openKv's default rule on Cluster: 64 buckets, chosen by the first two key parts.
  const buckets = new Buckets(PREFIX, { buckets: 64, partitionKeyParts: 2 });
  const bucket = buckets.bucketOf(key);
  const dataKey = buckets.dataKey(bucket, encodeKeyHex(key));
  const slot = calculateSlot(dataKey);

  expect((await kv.set(key, "before")).ok).toBe(true);
  const newPort = await cluster.addEmptyPrimary();
  // The bucket's keys are on the new node, its slot not yet: its primary answers ASK.
  await cluster.beginSlotMove(slot, newPort);

  expect((await kv.set(key, "hello")).ok).toBe(true);
  const onNewNode = new Redis({ port: newPort, host: "127.0.0.1", maxRetriesPerRequest: 0 });
  try {
    // ASKING: the node serves a slot it is importing only to a client that says it was sent.
    await onNewNode.call("ASKING");
    expect((await onNewNode.getBuffer(dataKey))?.toString("latin1")).toMatch(/hello/);

    // Once the slot is the new node's, the Cluster client connects to it, and the store's own
    // connection, opened for the ASK, is closed: one command connection of the Kv is left.
    await cluster.finishSlotMove(slot, newPort);
    expect((await kv.get(key)).value).toBe("hello");
    const kvConnections = async () => ((await onNewNode.client("LIST")) as string).split("\n").filter((line) => / name=livekv /.test(line)).length;
    await waitFor(async () => (await kvConnections()) === 1, "the store's own connection to the new primary closed", { timeoutMs: 10_000, intervalMs: 100 });
  } finally {
    onNewNode.disconnect();
  }
}, 60_000);
