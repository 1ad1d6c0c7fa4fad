// The chart in BENCHMARKS.md: latency against the number of clients, one line per server,
// drawn on a log scale (the servers differ by orders of magnitude) and encoded as a PNG. The
// client counts are evenly spaced categories: on a linear axis 1 and 1,000 would touch.

import { Canvas, type Rgb } from "./canvas";

export interface Series {
  label: string;
  color: Rgb;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

const WIDTH = 1000;
const PLOT = { left: 100, right: 60, top: 84, bottom: 100 };
const LEGEND_ROW = 26;
const INK: Rgb = [34, 34, 34];
const GRID: Rgb = [225, 225, 225];
const WHITE: Rgb = [255, 255, 255];

const compact = (v: number): string =>
  v >= 1000 ? `${(v / 1000).toLocaleString("en-US")}${v >= 1_000_000 ? "" : "K"}`.replace("KK", "M") : String(v);

export function latencyChart(title: string, yLabel: string, xTicks: number[], series: Series[]): Buffer {
  const plotH = 420;
  // The legend goes under the plot, one row per series: inside, it would hide the lines.
  const canvas = new Canvas(WIDTH, PLOT.top + plotH + PLOT.bottom + series.length * LEGEND_ROW, WHITE);
  const plotW = WIDTH - PLOT.left - PLOT.right;
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter((y) => y > 0 && Number.isFinite(y));
  const low = Math.floor(Math.log10(Math.min(...ys, 1)));
  const high = Math.ceil(Math.log10(Math.max(...ys, 10)));
  const ticks = [...xTicks].sort((a, b) => a - b);
  const slot = (x: number): number => {
    // A value between two ticks (a polling line's ends) lands at the nearest end.
    const index = ticks.indexOf(x);
    return index >= 0 ? index : x < ticks[0] ? 0 : ticks.length - 1;
  };
  const px = (x: number): number =>
    PLOT.left + 30 + (ticks.length === 1 ? 0 : (slot(x) / (ticks.length - 1)) * (plotW - 60));
  const py = (y: number): number => PLOT.top + plotH - ((Math.log10(Math.max(y, 10 ** low)) - low) / (high - low)) * plotH;

  canvas.text(PLOT.left, 14, title, INK, 3);
  // Horizontal grid at every power of ten, labelled in ms.
  for (let e = low; e <= high; e++) {
    const y = py(10 ** e);
    canvas.line(PLOT.left, y, PLOT.left + plotW, y, GRID);
    const label = e < 0 ? (10 ** e).toFixed(-e) : compact(10 ** e);
    canvas.text(PLOT.left - 12 - Canvas.textWidth(label, 2), y - 7, label, INK);
  }
  for (const x of xTicks) {
    canvas.line(px(x), PLOT.top, px(x), PLOT.top + plotH, GRID);
    const label = x.toLocaleString("en-US");
    canvas.text(px(x) - Canvas.textWidth(label, 2) / 2, PLOT.top + plotH + 12, label, INK);
  }
  canvas.line(PLOT.left, PLOT.top, PLOT.left, PLOT.top + plotH, INK, 2);
  canvas.line(PLOT.left, PLOT.top + plotH, PLOT.left + plotW, PLOT.top + plotH, INK, 2);
  const xLabel = "CLIENTS ON ONE KEY";
  canvas.text(PLOT.left + plotW / 2 - Canvas.textWidth(xLabel, 2) / 2, PLOT.top + plotH + 40, xLabel, INK);
  canvas.text(8, PLOT.top - 30, yLabel, INK);

  for (const s of series) {
    const points = s.points.filter((p) => p.y > 0 && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    points.forEach((p, i) => {
      if (i > 0) canvas.line(px(points[i - 1].x), py(points[i - 1].y), px(p.x), py(p.y), s.color, 3, s.dashed ? 6 : 0);
      canvas.dot(px(p.x), py(p.y), 5, s.color);
    });
  }

  const legendTop = PLOT.top + plotH + 84;
  series.forEach((s, i) => {
    const x = PLOT.left;
    const y = legendTop + i * LEGEND_ROW;
    canvas.line(x, y, x + 40, y, s.color, 3, s.dashed ? 6 : 0);
    canvas.text(x + 50, y - 7, s.label, INK);
  });
  return canvas.toPng();
}
