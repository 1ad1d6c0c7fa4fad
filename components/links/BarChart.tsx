// A hand-made SVG bar chart for a time series. Bars stretch with the card (the SVG has no
// fixed aspect ratio); every text is HTML beside it, so nothing in the SVG gets distorted.
// Screen readers get a one-line summary; pointer users get each bar's value as a tooltip.

import type { SeriesPoint } from "@/lib/links/time-series";
import { formatCount, plural } from "@/components/ui/numbers";
import { total } from "./series";

export interface BarChartProps {
  title: string;
  /** What the window is: "last hour". */
  span: string;
  points: readonly SeriesPoint[];
  /** The bucket's name in tooltips: "12 min ago", "Nov 22". */
  bucketLabel: (point: SeriesPoint, index: number) => string;
  startLabel: string;
  endLabel: string;
  testId?: string;
}

const BAR_PITCH = 10;
const BAR_WIDTH = 7;
const HEIGHT = 100;
// A click in a bucket must stay visible however tall the tallest bar.
const MIN_BAR = 3;

export function BarChart({ title, span, points, bucketLabel, startLabel, endLabel, testId }: BarChartProps) {
  const sum = total(points);
  const peak = points.reduce((max, point) => Math.max(max, point.n), 0);
  // An empty chart still needs a scale to draw its baseline against.
  const top = Math.max(peak, 1);
  const width = points.length * BAR_PITCH;
  const summary = `${title}, ${span}: ${plural(sum, "click")}${sum > 0 ? `, at most ${formatCount(peak)} in one bar` : ""}.`;

  return (
    <figure className="flex flex-col" data-testid={testId} data-total={sum}>
      <figcaption className="flex items-baseline justify-between gap-3">
        <span className="font-semibold text-slate-900">{title}</span>
        <span className="text-sm text-slate-500">
          {span} · <span className="font-medium text-slate-700 tabular-nums">{formatCount(sum)}</span>
        </span>
      </figcaption>
      <div className="relative mt-4">
        <span className="absolute -top-1 left-0 text-[11px] leading-none text-slate-400 tabular-nums" aria-hidden="true">
          {formatCount(top)}
        </span>
        <svg
          viewBox={`0 0 ${width} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={summary}
          className="h-36 w-full overflow-visible sm:h-40"
        >
          <line x1={0} x2={width} y1={0.5} y2={0.5} className="stroke-slate-100" vectorEffect="non-scaling-stroke" strokeDasharray="4 4" />
          <line x1={0} x2={width} y1={HEIGHT / 2} y2={HEIGHT / 2} className="stroke-slate-100" vectorEffect="non-scaling-stroke" strokeDasharray="4 4" />
          <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} className="stroke-slate-200" vectorEffect="non-scaling-stroke" />
          {points.map((point, i) => {
            const h = point.n === 0 ? 0 : Math.max(MIN_BAR, (point.n / top) * (HEIGHT - 6));
            const x = i * BAR_PITCH + (BAR_PITCH - BAR_WIDTH) / 2;
            return (
              <g key={point.t} data-value={point.n}>
                {/* The full-height hit area makes thin and empty bars easy to hover. */}
                <rect x={i * BAR_PITCH} y={0} width={BAR_PITCH} height={HEIGHT} className="fill-transparent" />
                <rect
                  x={x}
                  y={HEIGHT - h}
                  width={BAR_WIDTH}
                  height={h}
                  className={i === points.length - 1 ? "fill-indigo-600" : "fill-indigo-400"}
                />
                <title>{`${bucketLabel(point, i)}: ${plural(point.n, "click")}`}</title>
              </g>
            );
          })}
        </svg>
      </div>
      <div className="mt-2 flex justify-between text-xs text-slate-400" aria-hidden="true">
        <span>{startLabel}</span>
        <span>{endLabel}</span>
      </div>
    </figure>
  );
}
