// lib/kv: the Deno KV API (tuple keys, versionstamps, atomic commits, ordered list, watch)
// on Redis. Server-only; knows nothing of HTTP or React.

import { createRedis } from "../redis/connect";
import { ensureKeyspaceNotifications } from "../redis/notifications";
import { CommandConnection, commandConnectionOptions } from "./command-connection";
import { Kv } from "./kv";
import { keyLayout } from "./layout";

export interface OpenKvOptions {
  /** Redis URL; default: REDIS_URL, else redis://127.0.0.1:6379. */
  url?: string;
  /** Namespace for every Redis key of this Kv (default "kv"), so apps and tests can share a Redis. */
  prefix?: string;
  /**
   * The longest a command waits for a connection, and then for its reply (default:
   * LIVEKV_REDIS_COMMAND_TIMEOUT_MS, else 2000). Past it the command fails: a read or an unsent
   * commit as unavailable, a sent commit as KvCommitUnknownError.
   */
  commandTimeoutMs?: number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;

function commandTimeoutMs(option: number | undefined): number {
  const raw = option ?? process.env.LIVEKV_REDIS_COMMAND_TIMEOUT_MS;
  if (raw === undefined || raw === "") return DEFAULT_COMMAND_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError("commandTimeoutMs (LIVEKV_REDIS_COMMAND_TIMEOUT_MS) must be a positive number of milliseconds");
  }
  return ms;
}

/** Connects to Redis, makes sure keyspace notifications are on, and returns a Kv. */
export async function openKv(options: OpenKvOptions = {}): Promise<Kv> {
  const url = options.url ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const layout = keyLayout(options.prefix ?? "kv");
  const timeoutMs = commandTimeoutMs(options.commandTimeoutMs);
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
  const disconnect = async (): Promise<void> => {
    await Promise.all(
      [redis, subscriber].map((connection) =>
        connection.status === "ready" ? connection.quit().catch(() => connection.disconnect()) : connection.disconnect(),
      ),
    );
  };
  return new Kv({ commands, subscriber, db: redis.options.db ?? 0, disconnect }, layout);
}

export { Kv } from "./kv";
export { KvU64 } from "./u64";
export { AtomicOperation } from "./atomic";
export { KvListIterator } from "./list";
export { KvCommitUnknownError } from "./commit-unknown";
export {
  onKvCommit,
  kvCommitTally,
  type KvCommitListener,
  type KvCommitOutcome,
  type KvCommitTally,
} from "./commit-timing";
export type * from "./types";
