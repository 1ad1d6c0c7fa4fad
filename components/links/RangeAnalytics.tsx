"use client";
// The chosen time range: the range picker, its totals (clicks, unique visitors, QR scans), its
// chart bucketed in the viewer's time zone, and the CSV export of its clicks.

import { formatCount } from "@/components/ui/numbers";
import type { SeriesPoint } from "@/lib/links/time-series";
import type { AnalyticsView, RangeName } from "@/lib/links/types";
import { RANGES } from "@/lib/links/analytics/ranges";
import { BarChart } from "./BarChart";

const RANGE_LABELS: Readonly<Record<RangeName, string>> = {
  "1h": "Last hour",
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
};

export function RangePicker({ range, onChange }: { range: RangeName; onChange: (range: RangeName) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex rounded-lg bg-slate-100 p-0.5 text-sm" data-testid="range-picker">
      {RANGES.map((name) => (
        <button
          key={name}
          type="button"
          aria-pressed={range === name}
          data-range={name}
          onClick={() => onChange(name)}
          className={`rounded-md px-2.5 py-1 font-medium transition focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none ${
            range === name ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
          }`}
        >
          {RANGE_LABELS[name]}
        </button>
      ))}
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-2xl font-bold text-slate-900 tabular-nums" data-testid={testId}>
        {formatCount(value)}
      </dd>
    </div>
  );
}

// en-US, as everywhere on these pages (./format.ts): the server's render and the browser's
// hydration must produce the same text; the time zone is the view's.
function bucketFormat(view: AnalyticsView): Intl.DateTimeFormat {
  const timeZone = view.timeZone;
  switch (view.series.unit) {
    case "minute":
      return new Intl.DateTimeFormat("en-US", { timeZone, hour: "2-digit", minute: "2-digit" });
    case "hour":
      return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit" });
    case "day":
      return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric" });
  }
}

export function RangeSummary({ view, exportUrl }: { view: AnalyticsView; exportUrl: string }) {
  const points: SeriesPoint[] = view.series.starts.map((t, i) => ({ t, n: view.series.clicks[i] }));
  const format = bucketFormat(view);
  const label = (point: SeriesPoint) => {
    const visitors = view.series.visitors[view.series.starts.indexOf(point.t)] ?? 0;
    return `${format.format(point.t)} · ${formatCount(visitors)} ${visitors === 1 ? "visitor" : "visitors"}`;
  };
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-3 gap-3">
        <Figure label="Clicks" value={view.clicks} testId="range-clicks" />
        <Figure label="Unique visitors" value={view.visitors} testId="range-visitors" />
        <Figure label="QR scans" value={view.qrScans} testId="range-qr-scans" />
      </dl>
      <BarChart
        title="Clicks"
        span={`${RANGE_LABELS[view.range].toLowerCase()}, ${view.timeZone.replaceAll("_", " ")}`}
        points={points}
        bucketLabel={label}
        startLabel={points[0] ? format.format(points[0].t) : ""}
        endLabel="now"
        testId="chart-range"
      />
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <span>
          {view.complete
            ? "Unique visitors are counted by a keyed hash, never by address."
            : "This range has more clicks than the log keeps: figures are those of the newest 10,000."}
        </span>
        <a
          href={exportUrl}
          download
          data-testid="export-csv"
          className="rounded-md font-medium text-indigo-600 hover:text-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
        >
          Export CSV
        </a>
      </div>
    </div>
  );
}
