// Polling, worked out rather than measured: a client that polls every P ms sees a change
// after a wait spread evenly over 0…P (so P/2 on average, 0.99·P at p99) and costs the
// server N/P requests per second whether anything changed or not.

export const POLL_INTERVALS_MS = [1_000, 5_000] as const;

export interface PollingFigures {
  intervalMs: number;
  averageMs: number;
  p99Ms: number;
  requestsPerSecond: number;
}

export function polling(clients: number, intervalMs: number): PollingFigures {
  return {
    intervalMs,
    averageMs: intervalMs / 2,
    p99Ms: intervalMs * 0.99,
    requestsPerSecond: (clients * 1000) / intervalMs,
  };
}
