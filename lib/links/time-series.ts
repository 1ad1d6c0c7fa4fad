// A time series as the stats carry it: the first bucket's start, the bucket width and the
// counts. Sent with every click to every viewer of a link, so it is kept compact — 60 numbers
// rather than 60 {t, n} objects (~150 bytes instead of ~1.5 KB per series).

export interface TimeSeries {
  /** Start of the first (oldest) bucket, epoch ms. */
  start: number;
  bucketMs: number;
  /** One count per bucket, oldest first, zeros filled. */
  counts: number[];
}

export interface SeriesPoint {
  /** Start of the bucket, epoch ms. */
  t: number;
  n: number;
}

/** The series as one point per bucket, oldest first. */
export function seriesPoints(series: TimeSeries): SeriesPoint[] {
  return series.counts.map((n, i) => ({ t: series.start + i * series.bucketMs, n }));
}
