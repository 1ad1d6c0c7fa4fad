"use client";
// The per-minute chart of the last hour, sliding with the browser's clock between clicks
// (see series.ts). The chosen range's chart is RangeAnalytics.

import type { LinkStats, SeriesPoint } from "@/lib/links/types";
import { BarChart } from "./BarChart";
import { slideWindow } from "./series";
import { useNow } from "@/lib/client/hooks/useNow";

const MINUTE_MS = 60_000;

function minutesAgo(points: readonly SeriesPoint[]): (point: SeriesPoint) => string {
  const last = points[points.length - 1]?.t ?? 0;
  return (point) => {
    const ago = Math.round((last - point.t) / MINUTE_MS);
    return ago === 0 ? "This minute" : `${ago} min ago`;
  };
}

export function MinuteChart({ stats }: { stats: LinkStats }) {
  const now = useNow();
  const points = slideWindow(stats.minutes, now);
  return (
    <BarChart
      title="Clicks per minute"
      span="last hour"
      points={points}
      bucketLabel={minutesAgo(points)}
      startLabel={`${points.length} min ago`}
      endLabel="now"
      testId="chart-minutes"
    />
  );
}
