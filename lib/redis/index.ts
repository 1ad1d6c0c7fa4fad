// lib/redis: connecting to Redis, making sure keyspace notifications are on, and
// running redis-server processes (throwaway ones for tests, a managed one for the app).

export { createRedis, redactUrl, DEFAULT_REDIS_OPTIONS } from "./connect";
export {
  ensureKeyspaceNotifications,
  probeNotifications,
  missingFlags,
  KeyspaceNotificationsError,
  REQUIRED_NOTIFICATIONS,
  NOTIFY_SETTING,
} from "./notifications";
export { startRedisServer, DEFAULT_NOTIFICATIONS } from "./redis-server";
export type { RedisServer, RedisServerOptions, RedisExit } from "./redis-server";
export { findRedisServer, RedisServerNotFoundError, REDIS_INSTALL_HINT } from "./redis-binary";
export { startManagedRedis } from "./managed";
export type { ManagedRedis, ManagedRedisOptions } from "./managed";
