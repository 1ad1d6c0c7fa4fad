// A local Redis Cluster of real redis-server processes on free loopback ports (3 primaries +
// 3 replicas by default), formed by `redis-cli --cluster create` from the redis-server the app
// already uses: for `npm run start:cluster` (scripts/start-cluster.ts) and, with the fault
// helpers of scripts/redis/fixtures/cluster.ts, for tests and benchmarks.

import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import Redis from "ioredis";
import { findFreePort } from "./free-port";
import { findRedisServer } from "./redis-binary";
import { startRedisServer, type RedisServer } from "./redis-server";

const execFileAsync = promisify(execFile);

// redis-cli --cluster prints why it failed on stdout: put it in the error.
export async function run(binary: string, args: string[]): Promise<string> {
  try {
    return (await execFileAsync(binary, args, { maxBuffer: 16 << 20 })).stdout;
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? "";
    throw new Error(`${args.slice(0, 2).join(" ")} failed:\n${stdout.split("\n").filter((l) => /ERR|WARN|\*\*\*/.test(l)).join("\n")}`);
  }
}

export const CLUSTER_NODE_TIMEOUT_MS = 1500;

export interface ClusterNode {
  id: string;
  port: number;
  role: "master" | "slave";
  /** For a replica: the id of its primary. */
  primaryId: string | null;
  failed: boolean;
  /** Slot ranges [from, to] this node serves (primaries only). */
  slots: [number, number][];
}

export function redisCli(): string {
  return join(dirname(findRedisServer()), "redis-cli");
}

export async function startNode(): Promise<RedisServer> {
  // The cluster bus defaults to port + 10000, which can be past 65535 for an ephemeral port.
  // A free bus port can be taken before the node binds it (startRedisServer retries only its
  // own port): pick another.
  for (let attempt = 1; ; attempt++) {
    const busPort = await findFreePort();
    try {
      return await startRedisServer({
        appendOnly: true,
        extraArgs: [
          "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", String(CLUSTER_NODE_TIMEOUT_MS),
          "--cluster-port", String(busPort),
        ],
      });
    } catch (error) {
      const busTaken = new RegExp(`Failed listening on port ${busPort} \\(cluster\\)`).test(String(error));
      if (!busTaken || attempt >= 5) throw error;
    }
  }
}

export function parseNodes(text: string): ClusterNode[] {
  const out: ClusterNode[] = [];
  for (const line of text.trim().split("\n")) {
    const [id, address, flags, primary, , , , , ...slotFields] = line.split(" ");
    const port = Number(/:(\d+)@/.exec(address)?.[1] ?? 0);
    const flagSet = flags.split(",");
    const slots: [number, number][] = [];
    for (const field of slotFields) {
      if (field.startsWith("[")) continue; // a slot being imported/migrated
      const [from, to] = field.split("-").map(Number);
      slots.push([from, to ?? from]);
    }
    out.push({
      id,
      port,
      role: flagSet.includes("master") ? "master" : "slave",
      primaryId: primary === "-" ? null : primary,
      failed: flagSet.includes("fail") || flagSet.includes("fail?"),
      slots,
    });
  }
  return out;
}

export async function withNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
  // Bounded: a stalled (SIGSTOP) node accepts connections but never answers.
  const redis = new Redis({
    port,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
    commandTimeout: 1000,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

export async function waitFor(what: string | (() => string), check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // a node still starting or just killed: ask again
    }
    if (Date.now() > deadline) throw new Error(`cluster: timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function serves(node: ClusterNode, slot: number): boolean {
  return node.slots.some(([from, to]) => slot >= from && slot <= to);
}

export interface FormedCluster {
  /** Every redis-server of the cluster, including stopped ones. */
  servers: RedisServer[];
  running(): RedisServer[];
  /** Every running node says ok and agrees on who serves every slot. */
  allOk(): Promise<boolean>;
  /** No replica is still on its first sync. */
  replicasInSync(): Promise<boolean>;
  topology(port: number): Promise<ClusterNode[]>;
  /** "host:port" of every running node. */
  seeds(): string[];
  stop(): Promise<void>;
}

/** Starts 2 × primaries redis-servers and forms them into a cluster, one replica per primary; resolves once it is ok and in sync. */
export async function formCluster(options: { primaries?: number } = {}): Promise<FormedCluster> {
  const primaries = options.primaries ?? 3;
  const servers: RedisServer[] = await Promise.all(Array.from({ length: primaries * 2 }, () => startNode()));
  const running = (): RedisServer[] => servers.filter((s) => s.running);

  const stateOk = async (port: number): Promise<boolean> =>
    withNode(port, async (r) => /cluster_state:ok/.test(await r.cluster("INFO") as string));
  // Every running node says ok and agrees on who serves every slot.
  const allOk = async (): Promise<boolean> => {
    for (const s of running()) if (!(await stateOk(s.port))) return false;
    const views = await Promise.all(running().map((s) => topology(s.port)));
    const owner = (nodes: ClusterNode[]): string =>
      nodes.filter((n) => n.role === "master" && !n.failed).map((n) => `${n.port}:${JSON.stringify(n.slots)}`).sort().join(";");
    return views.every((v) => owner(v) === owner(views[0]));
  };
  // A replica that has not finished its first sync cannot be promoted.
  const replicasInSync = async (): Promise<boolean> => {
    for (const s of running()) {
      const info = await withNode(s.port, (r) => r.info("replication"));
      if (/role:slave/.test(info) && !/master_link_status:up/.test(info)) return false;
    }
    return true;
  };
  const topology = (port: number): Promise<ClusterNode[]> =>
    withNode(port, async (r) => parseNodes(await r.cluster("NODES") as string));

  await run(redisCli(), [
    "--cluster", "create",
    ...servers.map((s) => `127.0.0.1:${s.port}`),
    "--cluster-replicas", "1",
    "--cluster-yes",
  ]);
  await waitFor("cluster_state:ok on every node", allOk);
  await waitFor("replicas in sync", replicasInSync);

  return {
    servers,
    running,
    allOk,
    replicasInSync,
    topology,
    seeds: () => running().map((s) => `127.0.0.1:${s.port}`),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
