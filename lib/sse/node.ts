// writeSse: an event source → a node:http response, for the live-stream front (lib/streams).
// The same SseSession as sseResponse, without the web-stream layers between the session and
// the socket: each event is one res.write of bytes framed once for every connection. This is
// what lets one process hold thousands of live connections at a few KB each.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { SseEvent } from "./protocol";
import { SSE_HEADERS, SseSession, sseTimings, type SseOptions } from "./session";
import type { StreamSource } from "./source";

export interface WriteSseOptions extends SseOptions {
  /** Headers beside SSE_HEADERS (a Set-Cookie, security headers). */
  headers?: OutgoingHttpHeaders;
  /** Called once when the stream ends, however it ends. */
  onFinish?: () => void;
}

/** Streams `source` to `res` until either ends. Admission is the caller's (as for sseResponse). */
export function writeSse(
  req: IncomingMessage,
  res: ServerResponse,
  source: StreamSource<SseEvent>,
  options: WriteSseOptions = {},
): void {
  const timings = sseTimings(options);
  res.writeHead(200, { ...options.headers, ...SSE_HEADERS });
  // Small frames must leave at once, not wait for Nagle to batch them.
  req.socket.setNoDelay(true);
  const session = new SseSession(source, { write: (bytes) => res.write(bytes), close: () => res.end() }, timings, options.onFinish);
  res.once("close", () => session.finish(true));
  void pump(res, session);
}

async function pump(res: ServerResponse, session: SseSession): Promise<void> {
  while (await session.step()) {
    // A slow reader: ask for nothing more until the socket has taken what it was given.
    if (res.writableNeedDrain) await drained(res);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
