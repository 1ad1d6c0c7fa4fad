// One-off reads of a link's analytics: the stats and a range's view (GET /api/links/{code}),
// and a range's clicks as CSV (GET /api/links/{code}/export). Live viewers get the same view
// from the shared feed instead (../watch-stats.ts, ./live-view.ts).

import type { Kv } from "@/lib/kv";
import { getLinkStats } from "../stats";
import type { LinkStats } from "../types";
import { isPossibleCode } from "../validate";
import { readClickLog } from "./click-log";
import { clicksCsv } from "./csv";
import type { AnalyticsQuery } from "./query";
import { rangeBuckets } from "./ranges";
import { analyticsView, matches, type AnalyticsView } from "./view";

export interface LinkAnalytics {
  stats: LinkStats;
  view: AnalyticsView;
}

/** The link's stats and the view `query` asks for, or null when there is no such link. */
export async function getLinkAnalytics(kv: Kv, code: string, query: AnalyticsQuery, now = Date.now()): Promise<LinkAnalytics | null> {
  // Read with the stats, not after them (one round trip), so the code is checked first.
  if (!isPossibleCode(code)) return null;
  const [stats, log] = await Promise.all([getLinkStats(kv, code, now), readClickLog(kv, code, now)]);
  if (stats === null) return null;
  return { stats, view: analyticsView(log.clicks, log.full, query, now) };
}

export interface ClicksExport {
  filename: string;
  csv: string;
  rows: number;
}

/** The clicks of `query`'s range that pass its filters, as CSV (at most the log's bound); null for no such link. */
export async function exportClicks(kv: Kv, code: string, query: AnalyticsQuery, now = Date.now()): Promise<ClicksExport | null> {
  if (!isPossibleCode(code)) return null;
  const [stats, log] = await Promise.all([getLinkStats(kv, code, now), readClickLog(kv, code, now)]);
  if (stats === null) return null;
  const from = rangeBuckets(query.range, now, query.timeZone).starts[0];
  const clicks = log.clicks.filter((entry) => entry.at >= from && matches(entry.click, query.filters));
  return { filename: `${code}-clicks-${query.range}.csv`, csv: clicksCsv(clicks, query.timeZone), rows: clicks.length };
}
