// Keeps a chart's window moving with the clock. The server sends the last 60 minutes as of
// its last stats read, which only happens on a click: without this, a quiet link's chart
// would stay frozen at the minute of its last click instead of sliding to "now".

import { seriesPoints, type SeriesPoint, type TimeSeries } from "@/lib/links/time-series";

/** As many buckets as `series` has, ending with the one holding `now`, counts from `series`. */
export function slideWindow(series: TimeSeries, now: number | null): SeriesPoint[] {
  const points = seriesPoints(series);
  const { bucketMs } = series;
  const length = points.length;
  if (now === null || length === 0) return points;
  const last = Math.floor(now / bucketMs) * bucketMs;
  // Never slide backwards: a browser clock behind the server's would hide fresh clicks.
  const end = Math.max(last, points[points.length - 1].t);
  const byStart = new Map(points.map((point) => [point.t, point.n]));
  return Array.from({ length }, (_, i) => {
    const t = end - (length - 1 - i) * bucketMs;
    return { t, n: byStart.get(t) ?? 0 };
  });
}

export function total(points: readonly SeriesPoint[]): number {
  return points.reduce((sum, point) => sum + point.n, 0);
}
