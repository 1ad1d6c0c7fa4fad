// lib/redis: connecting to Redis and making sure keyspace notifications are on. Running
// redis-server processes (throwaway ones for tests, a managed one for `npm start`) is tooling:
// scripts/redis/.

export { createRedis, redactUrl, DEFAULT_REDIS_OPTIONS } from "./connect";
export {
  ensureKeyspaceNotifications,
  probeNotifications,
  missingFlags,
  KeyspaceNotificationsError,
  REQUIRED_NOTIFICATIONS,
  NOTIFY_SETTING,
} from "./notifications";
