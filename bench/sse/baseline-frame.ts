// The frame both baseline servers send: the app's envelope `{"type","data"}` with the
// counter, padded to the size of the app's own stats event, so that every server writes
// the same bytes per client and the comparison is about fan-out, not payload size.

export function baselineFrame(id: number, n: number, frameBytes: number): string {
  const head = `id: ${id}\ndata: {"type":"stats","data":{"n":${n},"pad":"`;
  const tail = `"}}\n\n`;
  return head + "x".repeat(Math.max(0, frameBytes - head.length - tail.length)) + tail;
}

export const SSE_HEAD: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
};

/** The port to listen on and the frame size, from the command line. */
export function baselineArgs(): { frameBytes: number } {
  const frameBytes = Number(process.argv[2] ?? 0);
  if (!Number.isInteger(frameBytes) || frameBytes < 0) throw new Error("usage: <frame bytes>");
  return { frameBytes };
}

export const LISTENING_PREFIX = "LISTENING ";
