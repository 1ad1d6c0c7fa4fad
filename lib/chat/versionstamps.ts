// Resuming a prefix watch: `since` = the newest versionstamp already seen. Before anything
// has been seen, the smallest possible one, so the watch's catch-up lists everything there
// is (every real versionstamp is greater: the counter starts at 1).

export const BEFORE_EVERYTHING = "00000000000000000000";

export function newestOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
