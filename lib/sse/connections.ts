// How many SSE responses this process is streaming, for /api/metrics and /api/health. Kept
// on globalThis because Next may evaluate this module once per route bundle, and the count
// must cover every route's streams.

export interface SseConnectionCounts {
  /** Streams open now. */
  open: number;
  /** Streams opened since the process started. */
  opened: number;
}

const shared = globalThis as typeof globalThis & { __livekvSseConnections?: SseConnectionCounts };

function counts(): SseConnectionCounts {
  shared.__livekvSseConnections ??= { open: 0, opened: 0 };
  return shared.__livekvSseConnections;
}

export function sseConnectionCounts(): SseConnectionCounts {
  return { ...counts() };
}

/** Counts one stream as open; the returned function (idempotent) counts it as closed. */
export function trackSseConnection(): () => void {
  const c = counts();
  c.open++;
  c.opened++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    c.open--;
  };
}
