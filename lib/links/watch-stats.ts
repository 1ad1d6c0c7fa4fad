// Live stats for one link. All readers of one code in a process share one feed: one
// kv.watch on the link's counters and ONE stats read per change, whatever the number of
// open SSE connections — cost grows with clicks, not with viewers. While a stats read runs,
// the watch is not read, so a burst of clicks coalesces into one more read afterwards.
// The feed also keeps the link's click log in memory (analytics/click-log.ts), reading only
// the clicks since the last change, so each viewer's range and filters are computed in the
// process (analytics/live-view.ts) rather than read from Redis per viewer.

import { FeedRegistry, pullFrom, type Producer, type PushSource } from "@/lib/feeds";
import type { Kv } from "@/lib/kv";
import { ClickLogWindow, type ClickLog } from "./analytics/click-log";
import { botHitsKey, clicksKey } from "./keys";
import { getLinkStats } from "./stats";
import type { LinkStats } from "./types";

export interface LinkStatsUpdate {
  /** The stats' versionstamp: an SSE event id that changes whenever the stats do. */
  id: string;
  stats: LinkStats;
  /** The link's click log as of these stats, oldest first. */
  log: ClickLog;
}

const feeds = new FeedRegistry<LinkStatsUpdate>();
const metrics = { statsReads: 0, openFeeds: 0 };

export interface LinkFeedMetrics {
  /** Stats reads done by live feeds in this process. */
  statsReads: number;
  /** Feeds ever started (one per code while it has readers). */
  feedsOpened: number;
  /** Feeds running now. */
  openFeeds: number;
}

/** Counters for tests and monitoring. */
export function linkFeedMetrics(): LinkFeedMetrics {
  return { ...metrics, feedsOpened: feeds.opened };
}

function produceStats(kv: Kv, code: string, now: () => number): Producer<LinkStatsUpdate> {
  return async (emit, signal) => {
    metrics.openFeeds++;
    // Bot hits are watched too, so the bot counter on a live page is live as well.
    const reader = kv.watch([clicksKey(code), botHitsKey(code)]).getReader();
    const clickLog = new ClickLogWindow(kv, code);
    const stop = (): void => void reader.cancel().catch(() => {});
    signal.addEventListener("abort", stop, { once: true });
    try {
      while (!signal.aborted) {
        const { done } = await reader.read();
        if (done || signal.aborted) return;
        metrics.statsReads++;
        const at = now();
        const [stats, log] = await Promise.all([getLinkStats(kv, code, at), clickLog.refresh(at)]);
        if (signal.aborted) return;
        // The link is gone (deleted): nothing more will ever change; end every reader.
        if (stats === null) return;
        emit({ id: stats.versionstamp, stats, log });
      }
    } finally {
      metrics.openFeeds--;
      signal.removeEventListener("abort", stop);
      stop();
    }
  };
}

/**
 * The link's stats now, then again after every click (or bot hit), pushed to every listener
 * of this code in the process from one watch and one stats read per change.
 */
export function linkStatsFeed(kv: Kv, code: string, now: () => number = Date.now): PushSource<LinkStatsUpdate> {
  return feeds.source(kv, code, () => produceStats(kv, code, now));
}

/**
 * linkStatsFeed as an iterator, until `signal` aborts or it is returned. A slow reader skips
 * to the newest stats rather than queueing.
 */
export function watchLinkStats(
  kv: Kv,
  code: string,
  signal?: AbortSignal,
  now: () => number = Date.now,
): AsyncIterableIterator<LinkStatsUpdate> {
  return pullFrom(linkStatsFeed(kv, code, now), signal);
}
