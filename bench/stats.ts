// Percentiles by nearest rank: a reported p99 is a latency some watcher really saw.

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}
