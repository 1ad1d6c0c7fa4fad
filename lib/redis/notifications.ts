// lib/kv's watch learns about changes only from keyspace notifications, which Redis
// ships switched off. Turn on what is missing; where CONFIG is not ours to use
// (managed Redis services, ACLs, renamed commands) check that they are on anyway, and
// otherwise stop with a message that names the setting to change.

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { isRedisUnavailable } from "./unavailable";

export const REQUIRED_NOTIFICATIONS = "Kg$xe";
export const NOTIFY_SETTING = "notify-keyspace-events";

// Redis 7's "A" stands for every key-type class, which covers g, $, x and e.
const ALIAS_A = "g$lshzxetd";

export class KeyspaceNotificationsError extends Error {
  readonly setting = NOTIFY_SETTING;
  constructor(
    readonly required: string,
    detail: string,
  ) {
    super(
      `Redis keyspace notifications are off and CONFIG is not allowed: set ${NOTIFY_SETTING} to include ` +
        `'${required}' on your Redis server (redis.conf: "${NOTIFY_SETTING} ${required}"; on a managed ` +
        `service, its parameter group or configuration page). ${detail}`,
    );
    this.name = "KeyspaceNotificationsError";
  }
}

function flagSet(flags: string): Set<string> {
  return new Set(flags.replaceAll("A", ALIAS_A));
}

/** The letters of `required` that `current` does not already turn on. */
export function missingFlags(current: string, required: string): string {
  const have = flagSet(current);
  return [...flagSet(required)].filter((flag) => !have.has(flag)).join("");
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The node's notify-keyspace-events; rejects where CONFIG is refused. */
export async function readNotificationFlags(redis: Redis): Promise<string> {
  const reply = (await redis.config("GET", NOTIFY_SETTING)) as string[];
  if (reply.length < 2) throw new Error(`CONFIG GET ${NOTIFY_SETTING} returned nothing`);
  return reply[1];
}

export async function ensureKeyspaceNotifications(redis: Redis, required = REQUIRED_NOTIFICATIONS): Promise<void> {
  let current: string;
  try {
    current = await readNotificationFlags(redis);
  } catch (configError) {
    // Redis being down says nothing about its settings: report the outage as such.
    if (isRedisUnavailable(configError)) throw configError;
    // Without CONFIG we cannot read the setting, but we can watch it at work.
    const missing = await probeNotifications(redis, required);
    if (missing.length === 0) return;
    throw new KeyspaceNotificationsError(
      required,
      `Redis said: ${message(configError)}. A live probe did not see these events: ${missing.join(", ")}.`,
    );
  }
  const missing = missingFlags(current, required);
  if (!missing) return;
  try {
    await redis.config("SET", NOTIFY_SETTING, current + missing);
  } catch (setError) {
    throw new KeyspaceNotificationsError(
      required,
      `It is '${current}', missing '${missing}'. Redis said: ${message(setError)}.`,
    );
  }
}

/**
 * Provokes the events we can provoke (set, expire, expired) on a throwaway key and
 * returns the ones that never arrived. Eviction ("e") cannot be provoked safely.
 */
export async function probeNotifications(redis: Redis, required = REQUIRED_NOTIFICATIONS, timeoutMs = 1_000): Promise<string[]> {
  const flags = flagSet(required);
  const expected = new Set<string>();
  if (flags.has("$")) expected.add("set");
  if (flags.has("g")) expected.add("expire");
  if (flags.has("x")) expected.add("expired");
  if (!flags.has("K")) return [];

  const key = `livekv:notifications-probe:${randomUUID()}`;
  const db = redis.options.db ?? 0;
  const channel = `__keyspace@${db}__:${redis.options.keyPrefix ?? ""}${key}`;
  // Queued until it connects, whatever the options of the connection it copies.
  const subscriber = redis.duplicate({ maxRetriesPerRequest: 1, connectionName: "livekv-probe", enableOfflineQueue: true });
  subscriber.on("error", () => undefined);
  const seen = new Set<string>();
  let allSeen: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allSeen = resolve;
  });
  subscriber.on("message", (from: string, event: string) => {
    if (from !== channel) return;
    seen.add(event);
    if ([...expected].every((e) => seen.has(e))) allSeen();
  });
  try {
    await subscriber.subscribe(channel);
    await redis.set(key, "1");
    await redis.pexpire(key, 5);
    await new Promise((r) => setTimeout(r, 20));
    // Reading an expired key expires it now, instead of at Redis's next active cycle.
    await redis.exists(key);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  } catch (error) {
    return [`any (${message(error)})`];
  } finally {
    subscriber.disconnect();
    await redis.del(key).catch(() => undefined);
  }
  return [...expected].filter((e) => !seen.has(e));
}
