// When a dead server process is replaced: at once after a long life (a one-off crash should
// cost its share of the port as little time as possible), later and later when replacements
// die young, so a process that cannot start (a bad build, a full disk) does not spin the
// machine's cores relaunching Next in a loop.

/** A process that lived this long died of something other than its start. */
export const STABLE_AFTER_MS = 30_000;
const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 30_000;

/** The wait before the next replacement of a process that lived `livedMs`, after a wait of `previousDelayMs`. */
export function restartDelay(previousDelayMs: number, livedMs: number): number {
  if (livedMs >= STABLE_AFTER_MS) return 0;
  if (previousDelayMs <= 0) return FIRST_DELAY_MS;
  return Math.min(previousDelayMs * 2, MAX_DELAY_MS);
}
