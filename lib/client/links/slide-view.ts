// Keeps a range's view moving with the clock. The server computes a view when a click arrives
// (or the viewer asks for another one): without this, a quiet link's "last hour" would stay
// where its last click left it, old clicks never leaving it. Ranges of fixed-length buckets
// (minutes, hours) slide here; a range of days moves once a day and is left to the next view.

import { FILTER_DIMENSIONS } from "@/lib/links/analytics/query";
import type { AnalyticsView } from "@/lib/links/types";

const BUCKET_MS = { minute: 60_000, hour: 3_600_000 } as const;

function bucketMsOf(view: AnalyticsView): number | null {
  return view.series.unit === "day" ? null : BUCKET_MS[view.series.unit];
}

/** When `view`'s window next moves, seen at `now` (epoch ms); null for a range of days. */
export function nextSlide(view: AnalyticsView, now: number): number | null {
  const bucketMs = bucketMsOf(view);
  const starts = view.series.starts;
  if (bucketMs === null || starts.length === 0) return null;
  const last = starts[starts.length - 1];
  return last + (Math.floor((Math.max(now, view.to) - last) / bucketMs) + 1) * bucketMs;
}

export interface SlidView {
  view: AnalyticsView;
  /**
   * Clicks left the window while others stayed: the series, clicks, QR scans' and visitors'
   * bounds and recent clicks are exact, but the breakdowns and the unique visitors count some
   * that left (only the server's log can say which), until the next view.
   */
  stale: boolean;
}

/** `view` as of `now` (null: as served): the buckets that ended slid out, empty ones in. */
export function slideView(view: AnalyticsView, now: number | null): SlidView {
  const bucketMs = bucketMsOf(view);
  const { starts, clicks, visitors } = view.series;
  const length = starts.length;
  // Never backwards: a browser clock behind the server's would hide fresh clicks.
  if (now === null || bucketMs === null || length === 0 || now <= view.to) return { view, stale: false };
  const slid = Math.floor((now - starts[length - 1]) / bucketMs);
  if (slid <= 0) return { view, stale: false };
  const kept = Math.max(0, length - slid);
  const newStarts = Array.from({ length }, (_, i) => starts[length - 1] + (i - length + 1 + slid) * bucketMs);
  const zeros = new Array<number>(length - kept).fill(0);
  const newClicks = [...clicks.slice(length - kept), ...zeros];
  const newVisitors = [...visitors.slice(length - kept), ...zeros];
  const from = newStarts[0];
  const total = newClicks.reduce((sum, n) => sum + n, 0);
  const left = view.clicks - total;
  const moved: AnalyticsView = {
    ...view,
    from,
    to: now,
    clicks: total,
    // The bounds that always hold: no more QR scans or visitors than clicks, and at least as
    // many visitors as in the busiest bucket. An empty window is exact.
    qrScans: Math.min(view.qrScans, total),
    visitors: Math.max(Math.min(view.visitors, total), ...newVisitors),
    series: { ...view.series, starts: newStarts, clicks: newClicks, visitors: newVisitors },
    recent: view.recent.filter((click) => Date.parse(click.at) >= from),
  };
  if (left === 0) return { view: moved, stale: false };
  if (total > 0) return { view: moved, stale: true };
  // No matching click left: every breakdown is empty, but a filtered dimension's own, which
  // also lists the clicks its filter leaves out (the page's switch between names).
  const breakdowns = { ...view.breakdowns };
  let stale = false;
  for (const dimension of FILTER_DIMENSIONS) {
    if (view.filters[dimension] === undefined) breakdowns[dimension] = [];
    else stale ||= breakdowns[dimension].length > 0;
  }
  return { view: { ...moved, breakdowns }, stale };
}
