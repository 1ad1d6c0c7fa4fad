// Clicks this process has recorded, for /api/metrics and /api/health. On globalThis because
// Next may evaluate lib/links once per route bundle: /s/{code} counts, /api/metrics reads.

const shared = globalThis as typeof globalThis & { __livekvClicksRecorded?: { clicks: number } };

function counts(): { clicks: number } {
  shared.__livekvClicksRecorded ??= { clicks: 0 };
  return shared.__livekvClicksRecorded;
}

export function noteClickRecorded(): void {
  counts().clicks++;
}

/** Clicks recorded (committed) by this process since it started. */
export function clicksRecorded(): number {
  return counts().clicks;
}
