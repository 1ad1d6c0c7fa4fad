// preflightRedis for a Redis Cluster (REDIS_CLUSTER_NODES): keyspace notifications are a
// per-node setting and each primary only announces its own slots' keys, so every node is
// checked (and fixed where CONFIG is allowed) — replicas too, as any may be promoted. Same
// verdicts as for one server: notifications off and not ours to turn on is fatal; a cluster
// that cannot be reached right now is not.

import { Cluster } from "ioredis";
import { ensureKeyspaceNotifications, KeyspaceNotificationsError } from "./notifications";
import type { Preflight } from "./preflight";

const READY_TIMEOUT_MS = 5_000;

function seed(node: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(node);
  if (!match) throw new TypeError(`Redis Cluster node "${node}" is not host:port`);
  return { host: match[1], port: Number(match[2]) };
}

function ready(cluster: Cluster): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no slot map within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    cluster.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
    cluster.once("end", () => {
      clearTimeout(timer);
      reject(new Error("none of the seed nodes answered"));
    });
  });
}

export async function preflightRedisCluster(nodes: readonly string[]): Promise<Preflight> {
  let seeds: { host: string; port: number }[];
  try {
    seeds = nodes.map(seed);
  } catch (error) {
    return { ok: false, fatal: true, message: `REDIS_CLUSTER_NODES: ${(error as Error).message}` };
  }
  const cluster = new Cluster(seeds, {
    clusterRetryStrategy: () => null,
    redisOptions: { connectionName: "livekv-preflight", maxRetriesPerRequest: 1, connectTimeout: 2_000 },
  });
  cluster.on("error", () => undefined);
  const named = nodes.join(",");
  try {
    try {
      await ready(cluster);
    } catch (error) {
      return {
        ok: false,
        fatal: false,
        message: `Redis Cluster at ${named} cannot be reached (${(error as Error).message}); starting anyway, the app answers 503 until it is back.`,
      };
    }
    await Promise.all(cluster.nodes("all").map((node) => ensureKeyspaceNotifications(node)));
    return { ok: true };
  } catch (error) {
    if (error instanceof KeyspaceNotificationsError) return { ok: false, fatal: true, message: `A node of the Redis Cluster: ${error.message}` };
    return { ok: false, fatal: false, message: `Redis Cluster at ${named}: ${(error as Error).message}; starting anyway, the app answers 503 until it is back.` };
  } finally {
    cluster.disconnect();
  }
}
