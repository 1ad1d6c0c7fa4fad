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
import { commitScript } from "./scripts";

/** The options the command connection must be created with (see the rules above). */
export function commandConnectionOptions(timeoutMs: number) {
  return { commandTimeout: timeoutMs, enableOfflineQueue: false, autoResendUnfulfilledCommands: false } as const;
}

function isReplyError(error: unknown): error is Error {
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
  async commit(keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
    // EVALSHA, then EVAL once if Redis does not know the script (it was restarted or flushed).
    for (const withSource of [false, true]) {
      await this.ready();
      const deadline = this.#clock.deadlineIn(this.timeoutMs);
      // Checked in the same tick as the send, so "sent" below means written to the socket.
      if (!isWritable(this.redis)) throw new RedisUnavailableError("The connection to Redis dropped: the commit was not sent.");
      const [command, script] = withSource ? ["EVAL", commitScript.source] : ["EVALSHA", commitScript.sha];
      try {
        return await this.redis.callBuffer(command, script, keys.length, ...keys, ...args, deadline);
      } catch (error) {
        if (!isReplyError(error)) throw new KvCommitUnknownError(error);
        if (!withSource && error.message.startsWith("NOSCRIPT")) continue;
        if (error.message.startsWith("LIVEKV_LATE")) {
          throw new RedisUnavailableError("The commit reached Redis too late and refused itself: nothing was done.", { cause: error });
        }
        throw error;
      }
    }
    throw new Error("unreachable: EVAL never answers NOSCRIPT");
  }

  close(): void {
    this.#stopHeartbeat();
  }
}
