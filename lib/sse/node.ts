// writeSse: an event source → a node:http response, for the live-stream front (lib/streams).
// The same SseSession as sseResponse, without the web-stream layers between the session and
// the socket: each event is one res.write of bytes framed once for every connection. This is
// what lets one process hold thousands of live connections at a few KB each.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { isPushSource, type PushSource, type StreamSource } from "@/lib/feeds";
import type { SseEvent } from "./protocol";
import { SSE_HEADERS, SseSession, sseTimings, type SseOptions } from "./session";

export interface WriteSseOptions extends SseOptions {
  /** Headers beside SSE_HEADERS (a Set-Cookie, security headers). */
  headers?: OutgoingHttpHeaders;
  /** Called once when the stream ends, however it ends. */
  onFinish?: () => void;
}

/** Streams `source` to `res` until either ends. The caps on open streams are the caller's to check. */
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
  let stopListening: (() => void) | undefined;
  const session = new SseSession({ write: (bytes) => res.write(bytes), close: () => res.end() }, timings, () => {
    stopListening?.();
    options.onFinish?.();
  });
  // on, not once: a response closes once (and finish is idempotent), and once() would wrap the
  // listener — about 0.15 KB more for as long as the stream is open.
  res.on("close", () => session.finish(true));
  if (isPushSource<SseEvent>(source)) {
    stopListening = listen(res, session, source);
    // Finished while listen() delivered the first event: let go of the source now.
    if (session.isFinished) stopListening();
  } else {
    session.pull(source);
    void pump(res, session);
  }
}

/**
 * Push: every event is written the moment the source hands it over — for a shared feed, all
 * connections in one synchronous loop, no promise per connection. A connection whose socket
 * is still full keeps only the newest event and writes it when the socket drains (live
 * state: the newest is all that matters), so a slow reader costs one slot, never a queue.
 */
function listen(res: ServerResponse, session: SseSession, source: PushSource<SseEvent>): () => void {
  let pending: SseEvent | undefined;
  let draining = false;
  const send = (event: SseEvent): void => {
    if (!session.write(event) || !res.writableNeedDrain) return;
    draining = true;
    res.once("drain", flush);
  };
  const flush = (): void => {
    draining = false;
    const event = pending;
    pending = undefined;
    if (event) send(event);
  };
  session.keepAlive();
  return source.listen({
    next: (event) => {
      if (draining) pending = event;
      else send(event);
    },
    end: (error) => {
      if (error === undefined) session.finish(false);
      else session.fail(error);
    },
  });
}

/** Pull: the next event is asked for once the socket has taken the last one. */
async function pump(res: ServerResponse, session: SseSession): Promise<void> {
  while (await session.step()) {
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
