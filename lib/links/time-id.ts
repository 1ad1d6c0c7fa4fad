// Ids that sort by creation time as KV key parts, so list({ reverse: true }) gives newest
// first: fixed-width base36 milliseconds, then random characters so two ids made in the same
// millisecond (200 concurrent clicks) never collide.

import { randomBase62 } from "./codes";

export function timeOrderedId(at: number): string {
  // 9 base36 digits last until the year 5188.
  return Math.max(0, Math.floor(at)).toString(36).padStart(9, "0") + randomBase62(8);
}
