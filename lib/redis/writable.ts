// Whether a command sent now goes onto the wire at once. On a client without an offline queue
// (LiveKV's command connection) a command is then either written immediately or refused
// immediately: it can never sit in a queue and be written later, after its caller gave up.
// That is what lets a caller know whether Redis may have received it.

import type { Redis } from "ioredis";
import { RedisUnavailableError } from "./unavailable";

/** True when ioredis would write a command sent now straight to the socket (its own test). */
export function isWritable(redis: Redis): boolean {
  const stream = redis.stream as (typeof redis.stream & { _writableState?: { ended?: boolean } }) | undefined;
  return redis.status === "ready" && stream !== undefined && stream.writable && stream._writableState?.ended !== true;
}

// One "ready" listener per connection, however many commands wait for it.
const nextReady = new WeakMap<Redis, Promise<void>>();

function readyEvent(redis: Redis): Promise<void> {
  let ready = nextReady.get(redis);
  if (!ready) {
    ready = new Promise<void>((resolve) => {
      const done = (): void => {
        redis.off("ready", done);
        redis.off("end", done);
        nextReady.delete(redis);
        resolve();
      };
      redis.on("ready", done);
      redis.on("end", done);
    });
    nextReady.set(redis, ready);
  }
  return ready;
}

/**
 * Resolves once a command sent on `redis` would be written at once; waits for a connection
 * at most `timeoutMs`, then rejects with RedisUnavailableError (nothing was sent). Check
 * isWritable() again right before sending: a connection can drop between the two.
 */
export async function whenWritable(redis: Redis, timeoutMs: number): Promise<void> {
  if (isWritable(redis)) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (redis.status === "end" || left <= 0) {
      throw new RedisUnavailableError(`No connection to Redis within ${timeoutMs} ms: the command was not sent.`);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([readyEvent(redis), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
    clearTimeout(timer);
    if (isWritable(redis)) return;
  }
}
