// The public types of lib/kv. They mirror Deno.Kv's so that code written for
// Deno KV reads the same here; additions beyond Deno are marked as such.

import type { KvU64 } from "./u64";

export type KvKeyPart = Uint8Array | string | number | bigint | boolean;
export type KvKey = readonly KvKeyPart[];

export interface KvEntry<T = unknown> {
  key: KvKey;
  value: T;
  versionstamp: string;
}

export type KvEntryMaybe<T = unknown> =
  | KvEntry<T>
  | { key: KvKey; value: null; versionstamp: null };

export type KvConsistencyLevel = "strong" | "eventual";

export type KvListSelector =
  | { prefix: KvKey }
  | { prefix: KvKey; start: KvKey }
  | { prefix: KvKey; end: KvKey }
  | { start: KvKey; end: KvKey };

export interface KvListOptions {
  limit?: number;
  cursor?: string;
  reverse?: boolean;
  consistency?: KvConsistencyLevel;
  batchSize?: number;
}

export interface KvCommitResult {
  ok: true;
  versionstamp: string;
}

export interface KvCommitError {
  ok: false;
}

/** Beyond Deno: after a commit, wait until this many replicas have it (Redis WAIT), at most `timeoutMs`. */
export interface KvWaitForReplicas {
  replicas: number;
  timeoutMs: number;
}

/** Beyond Deno: options of one commit. */
export interface KvCommitOptions {
  /**
   * Acknowledge the commit only once replicas confirm it (false: do not wait, whatever the
   * Kv's setting). Fewer confirmations than asked: KvCommitNotReplicatedError.
   */
  waitForReplicas?: KvWaitForReplicas | false;
}

export interface AtomicCheck {
  key: KvKey;
  versionstamp: string | null;
}

export type KvMutation =
  | { key: KvKey; type: "set"; value: unknown; expireIn?: number }
  | { key: KvKey; type: "delete" }
  // expireIn on a KvU64 mutation is beyond Deno: see AtomicOperation.sum.
  | { key: KvKey; type: "sum" | "min" | "max"; value: KvU64; expireIn?: number };

export interface KvSetOptions {
  /** Milliseconds until the key expires (a Redis TTL: Redis removes it). */
  expireIn?: number;
}

export interface KvWatchOptions {
  /** Emit on every change notification, not only when a versionstamp changed. */
  raw?: boolean;
}

/**
 * One emission of `watch()`: the entries in key order, as in Deno.
 * Beyond Deno: `changed` lists the indices of the keys whose entry changed since
 * the previous emission (every index in the first emission).
 */
export type KvWatchSnapshot<T extends readonly unknown[] = unknown[]> = {
  [K in keyof T]: KvEntryMaybe<T[K]>;
} & { readonly changed: readonly number[] };

/** Beyond Deno: a batch of entries under a watched prefix that changed (value null = deleted). */
export type KvPrefixChanges<T = unknown> = KvEntryMaybe<T>[];

/**
 * Beyond Deno: one Redis node's notify-keyspace-events. `flags` is null where the node did
 * not say (CONFIG refused, or no answer in time).
 */
export interface KvNodeNotifications {
  /** host:port as the Kv reaches the node. */
  node: string;
  flags: string | null;
}

/** Beyond Deno: what the watch hub is doing, for health checks and metrics. */
export interface KvWatchStats {
  /** Keyspace channels subscribed (one per distinct watched key). */
  channels: number;
  /** Keyspace patterns subscribed (one per distinct watched prefix). */
  patterns: number;
  /** Open watch streams (key watches and prefix watches). */
  watchers: number;
  /** Keyspace notifications received since the Kv was opened. */
  notifications: number;
  /** Keys read from Redis to serve watchers since the Kv was opened (catch-ups' listings included). */
  reads: number;
  /**
   * Versionstamps prefix watches keep, key by key, to skip what they already delivered: pruned
   * to those newer than a point up to which every commit is delivered.
   */
  prefixEmitted: number;
  /** Whether the subscriber connection is up. */
  connected: boolean;
  /** On Redis Cluster: notifications received from each primary ("host:port"). */
  notificationsByNode?: Record<string, number>;
}
