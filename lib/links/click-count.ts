// Clicks this process has recorded: /s/{code} counts, /api/metrics reads.

import { processCount } from "@/lib/server/process-count";

const clicks = processCount("link clicks recorded");

export function noteClickRecorded(): void {
  clicks.add();
}

/** Clicks recorded (committed) by this process since it started. */
export function clicksRecorded(): number {
  return clicks.value;
}
