// The one place that decides how LiveKV talks to Redis. Command clients fail fast
// while Redis is down (a write should error within a second or so, not hang forever);
// a watch subscriber can opt into waiting indefinitely by overriding the options.

import { Redis, type RedisOptions } from "ioredis";
import { describeError } from "../log";

export const DEFAULT_REDIS_OPTIONS: RedisOptions = {
  // Commands queued while disconnected are rejected after this many reconnect attempts.
  maxRetriesPerRequest: 2,
  // Reconnect forever, but never wait more than a second between tries.
  retryStrategy: (attempt: number) => Math.min(50 * attempt, 1_000),
  connectTimeout: 5_000,
  enableReadyCheck: true,
  lazyConnect: false,
  connectionName: "livekv",
};

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { ...DEFAULT_REDIS_OPTIONS, ...options });
  // ioredis prints every reconnect failure of an unobserved client; one line per
  // outage is enough to tell the operator, the rest is noise.
  let reported = false;
  redis.on("error", (error: Error) => {
    if (reported || redis.listenerCount("error") > 1) return;
    reported = true;
    console.warn(`[livekv] Redis at ${redactUrl(url)}: ${describeError(error)} (retrying)`);
  });
  redis.on("ready", () => {
    reported = false;
  });
  return redis;
}

/** The URL without its password, safe for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable REDIS_URL)";
  }
}
