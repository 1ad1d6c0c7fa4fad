// How many SSE responses this process is streaming, for /api/metrics and /api/health: every
// stream counts, whether the front or a route handler serves it.

export interface SseConnectionCounts {
  /** Streams open now. */
  open: number;
  /** Streams opened since the process started. */
  opened: number;
}

const streaming: SseConnectionCounts = { open: 0, opened: 0 };

function counts(): SseConnectionCounts {
  return streaming;
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
