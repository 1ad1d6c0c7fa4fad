// The view each live viewer asked for, from the feed's update: computed once per distinct
// query per update, however many connections share that query (most viewers of a link look
// at the same range with no filter).

import type { LinkStatsUpdate } from "../watch-stats";
import { queryKey, type AnalyticsQuery } from "./query";
import { analyticsView, type AnalyticsView } from "./view";

const computed = new WeakMap<LinkStatsUpdate, Map<string, AnalyticsView>>();

export function liveView(update: LinkStatsUpdate, query: AnalyticsQuery, now = Date.now()): AnalyticsView {
  let views = computed.get(update);
  if (views === undefined) {
    views = new Map();
    computed.set(update, views);
  }
  const key = queryKey(query);
  let view = views.get(key);
  if (view === undefined) {
    view = analyticsView(update.log.clicks, update.log.full, query, now);
    views.set(key, view);
  }
  return view;
}
