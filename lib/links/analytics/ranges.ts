// The time ranges the analytics offer, and their buckets in the viewer's time zone: the last
// hour by minute, the last 24 hours by local hour, the last 7 and 30 days by local day (today
// included, so the first bucket starts at a local midnight).

import { startOfLocalDay, wallClock, zoneOffset } from "./time-zone";

export const RANGES = ["1h", "24h", "7d", "30d"] as const;
export type RangeName = (typeof RANGES)[number];
export type BucketUnit = "minute" | "hour" | "day";

const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface RangeBuckets {
  unit: BucketUnit;
  /** Each bucket's start, epoch ms, oldest first; the last bucket runs to now. */
  starts: number[];
}

export function isRangeName(name: string): name is RangeName {
  return (RANGES as readonly string[]).includes(name);
}

export function rangeBuckets(range: RangeName, now: number, timeZone: string): RangeBuckets {
  switch (range) {
    case "1h": {
      const minute = Math.floor(now / MINUTE) * MINUTE;
      return { unit: "minute", starts: Array.from({ length: 60 }, (_, i) => minute - (59 - i) * MINUTE) };
    }
    case "24h": {
      // Local hours: in a zone half an hour off UTC they start at :30 UTC.
      const local = now + zoneOffset(now, timeZone);
      const hour = now - (((local % HOUR) + HOUR) % HOUR);
      return { unit: "hour", starts: Array.from({ length: 24 }, (_, i) => hour - (23 - i) * HOUR) };
    }
    case "7d":
    case "30d": {
      const days = range === "7d" ? 7 : 30;
      const today = wallClock(now, timeZone);
      return {
        unit: "day",
        starts: Array.from({ length: days }, (_, i) => startOfLocalDay(today.year, today.month, today.day - (days - 1 - i), timeZone)),
      };
    }
  }
}

/** The index of the bucket `at` falls in, or -1 before the first; times past now count in the last. */
export function bucketOf(starts: readonly number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  if (starts.length === 0 || at < starts[0]) return -1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}
