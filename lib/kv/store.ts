// What a Kv needs of Redis, whether that is one server or a Cluster. The Kv decides where keys
// live (buckets.ts); a store only runs commands where those keys are, within a bounded time,
// and never resends a commit (see command-connection.ts for the rules on one node).

import type { Script } from "./scripts";
import type { KvNodeNotifications } from "./types";
import type { WatchSubscriber } from "./watch-hub";

export type ScriptArg = string | number | Buffer;

/** After a commit, wait until this many replicas have it (Redis WAIT), at most `timeoutMs`. */
export interface WaitForReplicas {
  replicas: number;
  timeoutMs: number;
}

export interface CommitReply {
  /** The commit script's reply: a versionstamp (Buffer), or 0 for a failed check. */
  reply: unknown;
  /** With WaitForReplicas: how many replicas confirmed it (WAIT's answer); else null. */
  replicas: number | null;
}

export interface KvStore {
  /** The keyspace-notification database (always 0 on Cluster). */
  readonly db: number;
  /** The subscriber connection(s) the watch hub uses. */
  readonly subscriber: WatchSubscriber;
  /**
   * Stored values of data keys, one group per bucket (a group's keys share a slot): one MGET
   * per group, sent together, so one round per Redis node.
   */
  read(groups: string[][]): Promise<(Buffer | null)[][]>;
  /**
   * Runs a read script (list) on the node of `keys`, which share a slot. On Redis Cluster it
   * gets one more ARGV: "1" when sent to a node importing the slot (after ASKING), where a key
   * the script reads without declaring it may not have arrived yet, else "".
   */
  readScript(script: Script, keys: string[], args: ScriptArg[]): Promise<unknown>;
  /**
   * Runs the commit script on the node of `keys` (one slot). A ReplyError or
   * RedisUnavailableError when nothing was done; KvCommitUnknownError when it was sent and
   * no reply came. Never sent twice.
   */
  commit(keys: string[], args: ScriptArg[], wait: WaitForReplicas | null): Promise<CommitReply>;
  /** Round-trip time to Redis (a node of it) in milliseconds. */
  ping(): Promise<number>;
  /** notify-keyspace-events of every node the store knows (a cluster's primaries and listed replicas); never rejects. */
  notificationFlags(): Promise<KvNodeNotifications[]>;
  /** Stops the store's timers and its retrying of unsent commits; then disconnect() closes its connections. */
  close(): void;
  disconnect(): Promise<void>;
}
