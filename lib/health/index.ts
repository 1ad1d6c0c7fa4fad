// Health of the app's storage: can Redis be reached, will it tell us about changes,
// and what is the watch hub doing. Never throws: a health check that fails with a 500
// tells an operator less than one that says what is wrong.
import type { Kv } from "@/lib/kv";
import type { KvNodeNotifications, KvWatchStats } from "@/lib/kv/types";
import { getKv } from "@/lib/server/kv";
import { healthFigures } from "./figures";
import { notificationsReport } from "./notifications";
import type { HealthReport } from "./types";

export type { HealthReport, HealthFigures } from "./types";
export { installHealthFigures } from "./figures";

// ioredis queues commands while it reconnects; without a bound, a health check
// against a dead Redis would hang until the load balancer gives up on it.
const PROBE_TIMEOUT_MS = 2_000;

const IDLE_WATCH_STATS: KvWatchStats = {
  channels: 0,
  patterns: 0,
  watchers: 0,
  notifications: 0,
  reads: 0,
  prefixEmitted: 0,
  connected: false,
};

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), PROBE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function checkHealth(
  openKv: () => Promise<Kv> = getKv,
): Promise<HealthReport> {
  let kv: Kv;
  try {
    kv = await withTimeout(openKv(), "opening the Kv");
  } catch {
    return unreachable(IDLE_WATCH_STATS);
  }

  const watch = kv.watchStats();
  let latencyMs: number;
  try {
    latencyMs = await withTimeout(kv.ping(), "PING");
  } catch {
    return unreachable(watch);
  }

  let nodes: KvNodeNotifications[] = [];
  try {
    nodes = await withTimeout(kv.notificationFlags(), "CONFIG GET notify-keyspace-events");
  } catch {
    // Reported as not checked: every count below stays 0.
  }
  const notifications = notificationsReport(nodes);

  return {
    ok: notifications.enabled !== false,
    redis: { reachable: true, latencyMs: Math.round(latencyMs * 100) / 100 },
    notifications,
    watch,
    figures: await healthFigures(),
  };
}

async function unreachable(watch: KvWatchStats): Promise<HealthReport> {
  return {
    ok: false,
    redis: { reachable: false, latencyMs: null },
    notifications: notificationsReport([]),
    watch,
    figures: await healthFigures(),
  };
}
