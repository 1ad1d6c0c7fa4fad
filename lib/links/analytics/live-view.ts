// What each live viewer of a link is sent, from the feed's update: its stats with the view of
// the range it asked for. Computed once per distinct query per update, however many
// connections share that query (most viewers of a link look at the same range with no
// filter) — and kept as one object for all of them: lib/sse encodes an event's frame once per
// data object (shared-frames.ts), so a fresh object per connection would encode the whole
// event (stats and view, ~8 KB) again for every connection on every click.

import type { LinkStatsWithView } from "../types";
import type { LinkStatsUpdate } from "../watch-stats";
import { queryKey, type AnalyticsQuery } from "./query";
import { analyticsView } from "./view";

const computed = new WeakMap<LinkStatsUpdate, Map<string, LinkStatsWithView>>();

/** The update's stats and the view `query` asks for: the same object for every viewer with that query. */
export function liveStats(update: LinkStatsUpdate, query: AnalyticsQuery, now = Date.now()): LinkStatsWithView {
  let sent = computed.get(update);
  if (sent === undefined) {
    sent = new Map();
    computed.set(update, sent);
  }
  const key = queryKey(query);
  let stats = sent.get(key);
  if (stats === undefined) {
    stats = { ...update.stats, view: analyticsView(update.log.clicks, update.log.full, query, now) };
    sent.set(key, stats);
  }
  return stats;
}
