// The analytics of one time range, as a viewer asked for them (./query.ts), computed from the
// link's click log (./click-log.ts): totals, unique visitors, QR scans, a series bucketed in
// the viewer's time zone, and every breakdown. A filter narrows every panel but its own
// dimension's, which keeps showing the other names so the viewer can switch.

import { OTHER_NAME, RECENT_SHOWN, TOP_NAMES } from "../stats";
import type { NamedCount, RecentClick } from "../types";
import { withoutVisitor } from "./public-click";
import { FILTER_DIMENSIONS, type AnalyticsQuery, type FilterDimension, type Filters } from "./query";
import { bucketOf, rangeBuckets, type BucketUnit, type RangeName } from "./ranges";

/** What a click counts as when it had no UTM tag. */
export const NO_TAG = "(none)";

export interface RangeSeries {
  unit: BucketUnit;
  /** Bucket starts, epoch ms, oldest first (local days can be 23–25 hours). */
  starts: number[];
  clicks: number[];
  visitors: number[];
}

export interface AnalyticsView {
  range: RangeName;
  timeZone: string;
  filters: Filters;
  /** The range's start (the first bucket's) and end (now), epoch ms. */
  from: number;
  to: number;
  /** Clicks and QR scans together; `qrScans` of them came from the QR code. */
  clicks: number;
  qrScans: number;
  /** Distinct visitors among those clicks. */
  visitors: number;
  series: RangeSeries;
  breakdowns: Record<FilterDimension, NamedCount[]>;
  /** The newest matching clicks, newest first. */
  recent: RecentClick[];
  /**
   * False when the range holds more clicks than the log keeps: then every figure is that of
   * the newest clicks the log has.
   */
  complete: boolean;
}

export function dimensionValue(click: RecentClick, dimension: FilterDimension): string {
  switch (dimension) {
    case "trigger":
      return click.trigger ?? "link";
    case "utmSource":
    case "utmMedium":
    case "utmCampaign":
      return click[dimension] || NO_TAG;
    default:
      return click[dimension];
  }
}

/** Whether `click` passes every filter (but `except`'s). */
export function matches(click: RecentClick, filters: Filters, except: FilterDimension | null = null): boolean {
  for (const dimension of FILTER_DIMENSIONS) {
    const wanted = filters[dimension];
    if (wanted !== undefined && dimension !== except && dimensionValue(click, dimension) !== wanted) return false;
  }
  return true;
}

function topNames(counts: Map<string, number>): NamedCount[] {
  const all = [...counts].map(([name, n]) => ({ name, n })).sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (all.length <= TOP_NAMES) return all;
  const rest = all.slice(TOP_NAMES).reduce((sum, item) => sum + item.n, 0);
  return [...all.slice(0, TOP_NAMES), { name: OTHER_NAME, n: rest }];
}

// Clicks logged before visitors were identified count as one visitor each.
const visitorOf = (click: RecentClick, index: number): string => click.visitor ?? `#${index}`;

export interface ClickAt {
  /** Epoch ms. */
  at: number;
  click: RecentClick;
}

/**
 * The view of `log` (oldest first) for `query` at `now`. `logIsFull`: the log holds as many
 * clicks as it keeps, so older ones may be missing from it.
 */
export function analyticsView(log: readonly ClickAt[], logIsFull: boolean, query: AnalyticsQuery, now: number): AnalyticsView {
  const { unit, starts } = rangeBuckets(query.range, now, query.timeZone);
  const from = starts[0];
  const inRange = log.filter((entry) => entry.at >= from);
  const clicks = new Array<number>(starts.length).fill(0);
  const bucketVisitors = starts.map(() => new Set<string>());
  const visitors = new Set<string>();
  const counts = new Map<FilterDimension, Map<string, number>>(FILTER_DIMENSIONS.map((dimension) => [dimension, new Map()]));
  const recent: RecentClick[] = [];
  let total = 0;
  let qrScans = 0;
  for (let i = inRange.length - 1; i >= 0; i--) {
    const { at, click } = inRange[i];
    for (const dimension of FILTER_DIMENSIONS) {
      if (!matches(click, query.filters, dimension)) continue;
      const names = counts.get(dimension) as Map<string, number>;
      const name = dimensionValue(click, dimension);
      names.set(name, (names.get(name) ?? 0) + 1);
    }
    if (!matches(click, query.filters, null)) continue;
    total++;
    if (click.trigger === "qr") qrScans++;
    const visitor = visitorOf(click, i);
    visitors.add(visitor);
    const bucket = bucketOf(starts, at);
    clicks[bucket]++;
    bucketVisitors[bucket].add(visitor);
    if (recent.length < RECENT_SHOWN) recent.push(withoutVisitor(click));
  }
  const breakdowns = Object.fromEntries(
    FILTER_DIMENSIONS.map((dimension) => [dimension, topNames(counts.get(dimension) as Map<string, number>)]),
  ) as Record<FilterDimension, NamedCount[]>;
  return {
    range: query.range,
    timeZone: query.timeZone,
    filters: query.filters,
    from,
    to: now,
    clicks: total,
    qrScans,
    visitors: visitors.size,
    series: { unit, starts, clicks, visitors: bucketVisitors.map((set) => set.size) },
    breakdowns,
    recent,
    complete: !logIsFull || (log.length > 0 && log[0].at < from),
  };
}
