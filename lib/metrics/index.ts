// lib/metrics: the app's figures for Prometheus (GET /api/metrics). Live figures (open SSE
// connections, the watch hub's state) are read at scrape time; commits are timed as they
// happen, from the moment installMetrics() runs (instrumentation.ts, at server start). With
// several server processes on the port, a scrape answers for all of them: every process's
// series, summed (lib/server/cluster-gather.ts; prom-client's aggregation).

import { AggregatorRegistry } from "prom-client";
import { answerGather, gatherFromAll, isClusterWorker } from "@/lib/server/cluster-gather";
import { getKv } from "@/lib/server/kv";
import { chatMessagesSent, linkClicksRecorded, linkFrontRedirects, sseConnections } from "./sources";
import { appMetrics } from "./registry";

/** Starts timing commits. Idempotent; instrumentation.ts calls it when the server starts. */
export function installMetrics(): void {
  const { registry } = appMetrics();
  answerGather("metrics", async () => {
    await refresh();
    return registry.getMetricsAsJSON();
  });
}

async function refresh(): Promise<void> {
  const m = appMetrics();
  const sse = sseConnections();
  m.sseOpen.set(sse.open);
  m.sseOpened.sync(sse.opened);
  m.clicks.sync(linkClicksRecorded());
  m.frontRedirects.sync(linkFrontRedirects());
  m.messages.sync(chatMessagesSent());
  try {
    const watch = (await getKv()).watchStats();
    m.watchers.set(watch.watchers);
    m.channels.set(watch.channels);
    m.patterns.set(watch.patterns);
    m.subscriberConnected.set(watch.connected ? 1 : 0);
    m.notifications.sync(watch.notifications);
    m.reads.sync(watch.reads);
  } catch {
    // No Kv (Redis unreachable at start): the watch series keep their last values, and
    // livekv_watch_subscriber_connected says what is wrong.
    m.subscriberConnected.set(0);
  }
}

/** The Prometheus text exposition of every series, and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = appMetrics();
  if (!isClusterWorker()) {
    await refresh();
    return { body: await registry.metrics(), contentType: registry.contentType };
  }
  installMetrics();
  const all = await gatherFromAll<object>("metrics");
  const summed = AggregatorRegistry.aggregate(all);
  return { body: await summed.metrics(), contentType: registry.contentType };
}
