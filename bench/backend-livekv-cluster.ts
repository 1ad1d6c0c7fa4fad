// LiveKV on a throwaway Redis Cluster (3 primaries + 3 replicas, the test fixture's) on this
// same machine. The Kv partitions by the first three key parts, so the benchmark's keys
// (["bench", "ops", i], …) spread over buckets and so over every primary.

import { openKv } from "../lib/kv/index";
import { startTestCluster } from "../scripts/redis/fixtures/cluster";
import type { Backend } from "./backend";
import { denoKvOps } from "./deno-kv-ops";

export const CLUSTER_LABEL = "LiveKV (Redis Cluster 3+3)";

export async function openLiveKvCluster(): Promise<Backend> {
  const cluster = await startTestCluster();
  const kv = await openKv({
    cluster: { nodes: cluster.seeds().map(({ host, port }) => `${host}:${port}`), partitionKeyParts: 3 },
    prefix: "bench",
  });
  const primaries = async (): Promise<string[]> =>
    (await cluster.nodes()).filter((n) => n.role === "master" && !n.failed).map((n) => `127.0.0.1:${n.port}`);
  const addresses = await primaries();
  const ops = denoKvOps(kv);
  return {
    label: CLUSTER_LABEL,
    watchMode: "watch(keys) (default, raw: false)",
    ...ops,
    // Keys of different partitions cannot commit together on Cluster: the seeding of many keys
    // (measureOps) commits them one by one. The cluster's watch scenarios change one key.
    atomicSet(keys, value) {
      if (keys.length === 1) return ops.atomicSet(keys, value);
      return {
        async commit() {
          const stamps = await Promise.all(keys.map((key) => ops.set(key, value)));
          return stamps[stamps.length - 1];
        },
      };
    },
    watch(keys) {
      return kv.watch(keys);
    },
    subscribe(keys, listener) {
      return kv.subscribe(keys, listener);
    },
    watchReads: () => kv.watchStats().reads,
    primaries: () => addresses,
    notificationsByNode: () => kv.watchStats().notificationsByNode ?? {},
    serverMemory: async () => null,
    async close() {
      await kv.close();
      await cluster.stop();
    },
  };
}
