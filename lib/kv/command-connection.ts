// The Kv's command connection (reads and commits), kept to three rules so that every command
// ends within a bounded time and a failed commit says truthfully what became of it:
//
// - Bounded: a command waits at most `timeoutMs` for a usable connection, and at most
//   `timeoutMs` more for its reply (ioredis's commandTimeout). A heartbeat drops a connection
//   that stops answering, so commands stop being written to a hung server.
// - Written now or never: the connection has no offline queue, and a commit is sent only on a
//   connection that writes it at once. One that found no connection was never sent.
// - Never resent: a command in flight when the connection drops is left to its timeout (ioredis
//   would otherwise resend it after reconnecting, and a commit Redis had applied would apply twice).
//
// A commit then fails in one of two ways: nothing was done (never sent, or Redis refused it)
// or KvCommitUnknownError (sent, no reply). Its deadline (see redis-clock.ts) makes the second
// settle: a commit its sender gave up on cannot land afterwards.

import type { Redis } from "ioredis";
import { startHeartbeat } from "../redis/heartbeat";
import { RedisUnavailableError } from "../redis/unavailable";
import { isWritable, whenWritable } from "../redis/writable";
import { KvCommitUnknownError } from "./commit-unknown";
import { RedisClock } from "./redis-clock";
import { commitScript, type Script } from "./scripts";
import type { CommitReply, ScriptArg, WaitForReplicas } from "./store";

/** The options the command connection must be created with (see the rules above). */
export function commandConnectionOptions(timeoutMs: number) {
  return { commandTimeout: timeoutMs, enableOfflineQueue: false, autoResendUnfulfilledCommands: false } as const;
}

export function isReplyError(error: unknown): error is Error {
  // By name: Redis answered (with a refusal), as opposed to a client-side failure.
  return error instanceof Error && error.name === "ReplyError";
}

export class CommandConnection {
  readonly #clock = new RedisClock();
  readonly #stopHeartbeat: () => void;

  constructor(
    readonly redis: Redis,
    readonly timeoutMs: number,
  ) {
    // TIME as the probe: each heartbeat also refreshes the clock offset the deadlines use.
    this.#stopHeartbeat = startHeartbeat(redis, {
      intervalMs: Math.max(100, Math.round(timeoutMs / 2)),
      timeoutMs,
      probe: () => this.#clock.measure(redis),
    });
  }

  /** Waits for the first connection and reads Redis's clock; rejects when Redis is not there. */
  async open(): Promise<void> {
    await whenWritable(this.redis, this.timeoutMs);
    await this.#clock.measure(this.redis);
  }

  /** The connection, once a command sent on it is written at once (RedisUnavailableError after timeoutMs). */
  async ready(): Promise<Redis> {
    await whenWritable(this.redis, this.timeoutMs);
    return this.redis;
  }

  /**
   * Runs the commit script: its reply (a versionstamp, or 0 for a failed check); a ReplyError
   * or RedisUnavailableError when nothing was done; KvCommitUnknownError when it was sent and
   * no reply came.
   */
  async commit(keys: string[], args: ScriptArg[], wait: WaitForReplicas | null = null): Promise<CommitReply> {
    // EVALSHA, then EVAL once if Redis does not know the script (it was restarted or flushed).
    for (const withSource of [false, true]) {
      await this.ready();
      const deadline = this.#clock.deadlineIn(this.timeoutMs);
      try {
        return await sendCommit(this.redis, { script: commitScript, withSource, keys, args, deadline, wait });
      } catch (error) {
        if (!withSource && isReplyError(error) && error.message.startsWith("NOSCRIPT")) continue;
        throw error;
      }
    }
    throw new Error("unreachable: EVAL never answers NOSCRIPT");
  }

  close(): void {
    this.#stopHeartbeat();
  }
}

export interface CommitSend {
  script: Script;
  /** EVAL with the source (Redis answered NOSCRIPT to EVALSHA) rather than EVALSHA. */
  withSource: boolean;
  keys: string[];
  args: ScriptArg[];
  /** Redis's time in ms after which the script refuses itself (0: none). */
  deadline: number;
  wait: WaitForReplicas | null;
}

/**
 * Sends a commit on `redis` if it is writable now, else throws RedisUnavailableError (nothing
 * sent). Its WAIT, if any, is written in the same tick, so both share one round trip. A
 * client-side failure after sending is KvCommitUnknownError; a reply error is thrown as is
 * (nothing was done), but LIVEKV_LATE becomes RedisUnavailableError.
 */
export async function sendCommit(redis: Redis, send: CommitSend): Promise<CommitReply> {
  // Checked in the same tick as the send, so "sent" below means written to the socket.
  if (!isWritable(redis)) throw new RedisUnavailableError("The connection to Redis dropped: the commit was not sent.");
  const { script, keys, args, deadline, wait } = send;
  const [command, body] = send.withSource ? ["EVAL", script.source] : ["EVALSHA", script.sha];
  const sent = redis.callBuffer(command, body, keys.length, ...keys, ...args, deadline);
  const waited = wait === null ? null : redis.wait(wait.replicas, wait.timeoutMs);
  // A WAIT whose commit failed is not awaited: its failure is not news.
  waited?.catch(() => {});
  let reply: unknown;
  try {
    reply = await sent;
  } catch (error) {
    if (!isReplyError(error)) throw new KvCommitUnknownError(error);
    if (error.message.startsWith("LIVEKV_LATE")) {
      throw new RedisUnavailableError("The commit reached Redis too late and refused itself: nothing was done.", { cause: error });
    }
    throw error;
  }
  if (waited === null || !Buffer.isBuffer(reply)) return { reply, replicas: null };
  // WAIT failing (its connection lost, its timeout) confirms no replica.
  return { reply, replicas: await waited.then(Number, () => 0) };
}
