// Live stats for one link. All readers of one code in a process share one feed: one
// kv.watch on the link's counters and ONE stats read per change, whatever the number of
// open SSE connections — cost grows with clicks, not with viewers. While a stats read runs,
// the watch is not read, so a burst of clicks coalesces into one more read afterwards.

import type { Kv } from "@/lib/kv";
import { botHitsKey, clicksKey } from "./keys";
import { SharedFeed } from "./shared-feed";
import { getLinkStats } from "./stats";
import type { LinkStats } from "./types";

export interface LinkStatsUpdate {
  /** The stats' versionstamp: an SSE event id that changes whenever the stats do. */
  id: string;
  stats: LinkStats;
}

const feeds = new WeakMap<Kv, Map<string, SharedFeed<LinkStatsUpdate>>>();
const metrics = { statsReads: 0, feedsOpened: 0, openFeeds: 0 };

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
  return { ...metrics };
}

function produceStats(kv: Kv, code: string, now: () => number) {
  return async (emit: (update: LinkStatsUpdate) => void, signal: AbortSignal): Promise<void> => {
    // Bot hits are watched too, so the bot counter on a live page is live as well.
    const reader = kv.watch([clicksKey(code), botHitsKey(code)]).getReader();
    const stop = (): void => void reader.cancel().catch(() => {});
    signal.addEventListener("abort", stop, { once: true });
    try {
      while (!signal.aborted) {
        const { done } = await reader.read();
        if (done || signal.aborted) return;
        metrics.statsReads++;
        const stats = await getLinkStats(kv, code, now());
        if (signal.aborted) return;
        // The link is gone (deleted): nothing more will ever change; end every reader.
        if (stats === null) return;
        emit({ id: stats.versionstamp, stats });
      }
    } finally {
      signal.removeEventListener("abort", stop);
      stop();
    }
  };
}

/**
 * The link's stats now, then again after every click (or bot hit), until `signal` aborts or
 * the iterator is returned. A slow reader skips to the newest stats rather than queueing.
 */
export function watchLinkStats(
  kv: Kv,
  code: string,
  signal?: AbortSignal,
  now: () => number = Date.now,
): AsyncIterableIterator<LinkStatsUpdate> {
  let byCode = feeds.get(kv);
  if (!byCode) {
    byCode = new Map();
    feeds.set(kv, byCode);
  }
  let feed = byCode.get(code);
  if (!feed || feed.closed) {
    const map = byCode;
    const created: SharedFeed<LinkStatsUpdate> = new SharedFeed(produceStats(kv, code, now), () => {
      metrics.openFeeds--;
      if (map.get(code) === created) map.delete(code);
    });
    feed = created;
    byCode.set(code, feed);
    metrics.feedsOpened++;
    metrics.openFeeds++;
  }
  return feed.subscribe(signal);
}
