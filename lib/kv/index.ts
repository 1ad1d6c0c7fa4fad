// lib/kv: the Deno KV API (tuple keys, versionstamps, atomic commits, ordered list, watch)
// on Redis. Server-only; knows nothing of HTTP or React.

import { Cluster } from "ioredis";
import { createRedis } from "../redis/connect";
import { ensureKeyspaceNotifications } from "../redis/notifications";
import { Buckets, SINGLE_BUCKET, type PartitionRule } from "./buckets";
import { clusterOptions, ClusterStore } from "./cluster/cluster-store";
import { CommandConnection, commandConnectionOptions } from "./command-connection";
import { Kv } from "./kv";
import { SingleNodeStore } from "./single-node-store";
import type { KvKey, KvWaitForReplicas } from "./types";

export interface OpenKvClusterOptions {
  /** Seed nodes, "host:port"; the rest of the cluster is discovered from them. */
  nodes: string[];
  /**
   * How many buckets (hash tags) the Kv spreads over (default 64). Part of the data format:
   * fixed for the Kv's life. More buckets spread load over more slots; a list() or
   * watchPrefix() of a prefix shorter than `partitionKeyParts` reads every bucket.
   */
  buckets?: number;
  /**
   * How many leading key parts choose a key's bucket (default 2: ["rooms", room, …] share
   * one). Keys commit together atomically only when these parts are equal. Part of the data format.
   */
  partitionKeyParts?: number;
  /**
   * Names the partition of a key's first `partitionKeyParts` parts (default: those parts).
   * Heads mapped to one value share a partition: their keys commit together. It must depend on
   * those parts only, be pure and stable. Part of the data format.
   */
  partitionOf?: (head: KvKey) => KvKey;
}

export interface OpenKvOptions {
  /** Redis URL; default: REDIS_URL, else redis://127.0.0.1:6379. Not with `cluster`. */
  url?: string;
  /** A Redis Cluster instead of one server. Not with `url`. */
  cluster?: OpenKvClusterOptions;
  /** Namespace for every Redis key of this Kv (default "kv"), so apps and tests can share a Redis. */
  prefix?: string;
  /**
   * The longest a command waits for a connection, and then for its reply (default:
   * LIVEKV_REDIS_COMMAND_TIMEOUT_MS, else 2000). Past it the command fails: a read or an unsent
   * commit as unavailable, a sent commit as KvCommitUnknownError.
   */
  commandTimeoutMs?: number;
  /**
   * Acknowledge a commit only once this many replicas have it (Redis WAIT, in the commit's
   * round trip); fewer in `timeoutMs`: KvCommitNotReplicatedError, the commit applied on the
   * primary only. Default: LIVEKV_WAIT_REPLICAS replicas within LIVEKV_WAIT_REPLICAS_TIMEOUT_MS
   * (default 100) when set, else no wait. A commit's own option overrides it.
   */
  waitForReplicas?: KvWaitForReplicas | false;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;
const DEFAULT_CLUSTER_RULE: PartitionRule = { buckets: 64, partitionKeyParts: 2 };
const DEFAULT_WAIT_TIMEOUT_MS = 100;

function positiveNumber(raw: number | string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number`);
  return n;
}

function commandTimeoutMs(option: number | undefined): number {
  const ms = positiveNumber(option ?? process.env.LIVEKV_REDIS_COMMAND_TIMEOUT_MS, "commandTimeoutMs (LIVEKV_REDIS_COMMAND_TIMEOUT_MS), in milliseconds,");
  return ms ?? DEFAULT_COMMAND_TIMEOUT_MS;
}

function waitForReplicas(option: KvWaitForReplicas | false | undefined, commandTimeout: number): KvWaitForReplicas | null {
  let wait: KvWaitForReplicas | null = null;
  if (option === false) return null;
  if (option !== undefined) wait = option;
  else {
    const replicas = positiveNumber(process.env.LIVEKV_WAIT_REPLICAS, "LIVEKV_WAIT_REPLICAS");
    const timeoutMs = positiveNumber(process.env.LIVEKV_WAIT_REPLICAS_TIMEOUT_MS, "LIVEKV_WAIT_REPLICAS_TIMEOUT_MS");
    if (replicas !== undefined) wait = { replicas, timeoutMs: timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS };
  }
  if (wait === null) return null;
  if (!Number.isInteger(wait.replicas) || wait.replicas < 1) throw new RangeError("waitForReplicas.replicas (LIVEKV_WAIT_REPLICAS) must be a positive integer");
  if (!Number.isInteger(wait.timeoutMs) || wait.timeoutMs < 1 || wait.timeoutMs >= commandTimeout) {
    throw new RangeError("waitForReplicas.timeoutMs (LIVEKV_WAIT_REPLICAS_TIMEOUT_MS) must be a whole number of milliseconds below commandTimeoutMs");
  }
  return wait;
}

function parseNode(node: string): { host: string; port: number } {
  const match = typeof node === "string" ? /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(node.trim()) : null;
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65_535) throw new TypeError(`Redis Cluster node "${String(node)}" is not host:port`);
  return { host: match[1], port };
}

/** Connects to Redis (one server, or a Cluster), makes sure keyspace notifications are on, and returns a Kv. */
export async function openKv(options: OpenKvOptions = {}): Promise<Kv> {
  if (options.url !== undefined && options.cluster !== undefined) {
    throw new TypeError("openKv takes either url (one Redis) or cluster (Redis Cluster), not both");
  }
  const prefix = options.prefix ?? "kv";
  const timeoutMs = commandTimeoutMs(options.commandTimeoutMs);
  const settings = { waitForReplicas: waitForReplicas(options.waitForReplicas, timeoutMs) };
  if (options.cluster !== undefined) return openClusterKv(options.cluster, prefix, timeoutMs, settings);
  const buckets = new Buckets(prefix, SINGLE_BUCKET);
  const url = options.url ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = createRedis(url, commandConnectionOptions(timeoutMs));
  const commands = new CommandConnection(redis, timeoutMs);
  // The subscriber waits out outages (its commands are subscriptions, not user writes) and
  // resubscribes itself, so that it can re-read after it knows it is subscribed again.
  const subscriber = createRedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    autoResubscribe: false,
    // The ready check sends INFO, which Redis refuses once a (P)SUBSCRIBE queued before it
    // has put the connection in subscriber mode: watches opened while it connects would fail.
    enableReadyCheck: false,
    connectionName: "livekv-watch",
  });
  try {
    await commands.open();
    await ensureKeyspaceNotifications(redis);
  } catch (error) {
    commands.close();
    redis.disconnect();
    subscriber.disconnect();
    throw error;
  }
  return new Kv(new SingleNodeStore(commands, subscriber), buckets, settings);
}

async function openClusterKv(
  options: OpenKvClusterOptions,
  prefix: string,
  timeoutMs: number,
  settings: ConstructorParameters<typeof Kv>[2],
): Promise<Kv> {
  if (!Array.isArray(options.nodes) || options.nodes.length === 0) {
    throw new TypeError("cluster.nodes must list at least one host:port");
  }
  const nodes = options.nodes.map(parseNode);
  const buckets = new Buckets(prefix, {
    buckets: options.buckets ?? DEFAULT_CLUSTER_RULE.buckets,
    partitionKeyParts: options.partitionKeyParts ?? DEFAULT_CLUSTER_RULE.partitionKeyParts,
    partitionOf: options.partitionOf,
  });
  const store = new ClusterStore(new Cluster(nodes, clusterOptions(timeoutMs)), timeoutMs);
  try {
    await store.open();
  } catch (error) {
    await store.disconnect().catch(() => {});
    throw error;
  }
  return new Kv(store, buckets, settings);
}

export { Kv } from "./kv";
export { KvU64 } from "./u64";
export { AtomicOperation } from "./atomic";
export { KvListIterator } from "./list";
export { KvCommitUnknownError } from "./commit-unknown";
export { KvClosedError } from "./kv-closed";
export { KvCommitNotReplicatedError, KvCrossPartitionCommitError } from "./commit-refusals";
export {
  onKvCommit,
  kvCommitTally,
  type KvCommitListener,
  type KvCommitOutcome,
  type KvCommitTally,
} from "./commit-timing";
export type * from "./types";
