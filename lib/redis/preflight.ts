// What `npm start` checks about a REDIS_URL before it starts the app: that the Redis will
// tell the app about changes. Keyspace notifications off and not ours to turn on (managed
// Redis refusing CONFIG) is fatal — every live page would silently stop updating — so the
// app refuses to start and says which setting to change. A Redis that cannot be reached
// right now is not: the app starts, answers 503 until it is back, and recovers by itself.

import { createRedis, redactUrl } from "./connect";
import { ensureKeyspaceNotifications, KeyspaceNotificationsError } from "./notifications";
import { isRedisUnavailable } from "./unavailable";

export type Preflight =
  | { ok: true }
  | { ok: false; fatal: true; message: string }
  | { ok: false; fatal: false; message: string };

export async function preflightRedis(url: string): Promise<Preflight> {
  const redis = createRedis(url, { connectionName: "livekv-preflight", maxRetriesPerRequest: 1, retryStrategy: () => null });
  // One line of our own instead of ioredis's error log on a refused connection.
  redis.removeAllListeners("error");
  redis.on("error", () => undefined);
  try {
    await ensureKeyspaceNotifications(redis);
    return { ok: true };
  } catch (error) {
    if (error instanceof KeyspaceNotificationsError) return { ok: false, fatal: true, message: error.message };
    const reason = error instanceof Error ? error.message : String(error);
    if (isRedisUnavailable(error)) {
      return { ok: false, fatal: false, message: `Redis at ${redactUrl(url)} cannot be reached (${reason}); starting anyway, the app answers 503 until it is back.` };
    }
    // Anything else (bad credentials, a TLS mismatch) will not fix itself: say so now.
    return { ok: false, fatal: true, message: `Redis at ${redactUrl(url)} refused the app: ${reason}` };
  } finally {
    redis.disconnect();
  }
}
