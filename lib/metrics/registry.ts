// The app's Prometheus series, in a Registry of their own (not prom-client's global one, which
// any other user of prom-client in the process would share), one per process. Prefix: livekv_.
// With several server processes on a port, a scrape sums every process's series (lib/metrics/
// index.ts), unless a series says otherwise (its aggregator).

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { onKvCommit } from "@/lib/kv";
import { MonotonicCounter } from "./monotonic-counter";

export interface AppMetrics {
  registry: Registry;
  processes: Gauge;
  sseOpen: Gauge;
  sseOpened: MonotonicCounter;
  watchers: Gauge;
  channels: Gauge;
  patterns: Gauge;
  subscriberConnected: Gauge;
  notifications: MonotonicCounter;
  reads: MonotonicCounter;
  clicks: MonotonicCounter;
  frontRedirects: MonotonicCounter;
  messages: MonotonicCounter;
  commitSeconds: Histogram<"outcome">;
}

// From half a millisecond (a commit on a local Redis) to a second (a Redis in trouble).
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

function create(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, registers });
  const counter = (name: string, help: string): MonotonicCounter =>
    new MonotonicCounter(new Counter({ name, help, registers }));
  const metrics: AppMetrics = {
    registry,
    processes: gauge("livekv_server_processes", "Server processes whose figures this scrape adds up (1 each)."),
    sseOpen: gauge("livekv_sse_connections", "SSE responses this process is streaming now."),
    sseOpened: counter("livekv_sse_connections_opened_total", "SSE responses opened."),
    watchers: gauge("livekv_watch_watchers", "Open kv watch streams (key and prefix watches)."),
    channels: gauge("livekv_watch_channels", "Redis keyspace channels subscribed (one per distinct watched key)."),
    patterns: gauge("livekv_watch_patterns", "Redis keyspace patterns subscribed (one per distinct watched prefix)."),
    // The least over the processes: 0 while any of them has lost its subscriber.
    subscriberConnected: new Gauge({
      name: "livekv_watch_subscriber_connected",
      help: "1 while the watch hub's Redis subscriber connection is up (in every process).",
      registers,
      aggregator: "min",
    }),
    notifications: counter("livekv_watch_notifications_total", "Keyspace notifications received from Redis."),
    reads: counter("livekv_watch_reads_total", "Keys read from Redis to serve watchers."),
    clicks: counter("livekv_link_clicks_total", "Short-link clicks recorded."),
    frontRedirects: counter("livekv_link_visits_front_total", "Visits to /s/{code} answered by the app's server before Next (any status)."),
    messages: counter("livekv_chat_messages_total", "Chat messages stored."),
    commitSeconds: new Histogram({
      name: "livekv_kv_commit_duration_seconds",
      help: "Atomic commit round trips (one Lua script on Redis), by outcome: committed, or check_failed.",
      labelNames: ["outcome"],
      buckets: COMMIT_BUCKETS,
      registers,
    }),
  };
  metrics.processes.set(1);
  // Commits are timed as they happen: the histogram cannot be rebuilt at scrape time.
  onKvCommit((ms, outcome) => metrics.commitSeconds.observe({ outcome }, ms / 1000));
  return metrics;
}

let metrics: AppMetrics | undefined;

export function appMetrics(): AppMetrics {
  metrics ??= create();
  return metrics;
}
