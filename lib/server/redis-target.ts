// Which Redis the app's Kv opens, from the environment: one server (REDIS_URL) or a Redis
// Cluster (REDIS_CLUSTER_NODES, seed nodes as host:port,host:port…). Read by getKv() and by
// `npm start` (scripts/run.ts), which checks it before starting anything.

export type RedisTarget = { kind: "single"; url: string } | { kind: "cluster"; nodes: string[] };

/** Thrown when the environment names no Redis, or both kinds at once. */
export class RedisTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RedisTargetError";
  }
}

/** The seed nodes a REDIS_CLUSTER_NODES value lists ("" and stray commas ignored). */
export function clusterNodesFrom(value: string): string[] {
  return value
    .split(",")
    .map((node) => node.trim())
    .filter((node) => node.length > 0);
}

/** The Redis the environment names; `null` when it names none (npm start then runs its own). */
export function redisTargetFromEnv(env: NodeJS.ProcessEnv = process.env): RedisTarget | null {
  const url = env.REDIS_URL?.trim() ?? "";
  const nodes = clusterNodesFrom(env.REDIS_CLUSTER_NODES ?? "");
  if (url && nodes.length > 0) {
    // Either could be the one meant: guessing would put the data where the user does not look.
    throw new RedisTargetError(
      "Both REDIS_URL and REDIS_CLUSTER_NODES are set: set REDIS_URL for one Redis server, or REDIS_CLUSTER_NODES for a Redis Cluster, not both.",
    );
  }
  if (nodes.length > 0) return { kind: "cluster", nodes };
  if (url) return { kind: "single", url };
  return null;
}
