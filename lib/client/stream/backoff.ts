// Reconnect delays: doubling from 0.5 s to at most 15 s, jittered ±20 % so that the
// visitors of a server that just restarted do not all come back in the same instant.

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 15_000;
const JITTER = 0.2;

/** The delay before reconnect attempt `attempt` (0 for the first retry after a failure). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.max(0, attempt));
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(BACKOFF_MAX_MS, jittered));
}
