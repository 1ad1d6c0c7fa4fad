// sseResponse: any async source of events → a text/event-stream Response, for route
// handlers. The connection's life (preamble, events, heartbeats, the end) is an SseSession;
// this file carries its bytes in a web ReadableStream that pulls one event per read.

import { admitStream } from "./admission";
import type { SseEvent } from "./protocol";
import { SSE_HEADERS, SseSession, sseTimings, type SseOptions } from "./session";
import { discardSource, type StreamSource } from "@/lib/feeds";

export { SSE_HEADERS, type SseOptions } from "./session";

export interface SseResponseOptions extends SseOptions {
  /** The request's verified visitor (lib/visitor's readVisitorId), for the stream caps; none if absent. */
  visitorId?: string | null;
}

export function sseResponse(
  request: Request,
  source: StreamSource<SseEvent>,
  options: SseResponseOptions = {},
): Response {
  const timings = sseTimings(options);
  // HEAD: the headers a GET gets, and no stream. Next answers a HEAD with the GET handler's
  // response minus its body, which it never reads nor cancels: a session opened for it would
  // run for good (counted against the caps, a room's visitor shown present forever).
  if (request.method === "HEAD") {
    void discardSource(source);
    return new Response(null, { status: 200, headers: SSE_HEADERS });
  }
  // Refused beyond the caps (503 + Retry-After), before any stream exists.
  const admission = admitStream(request, options.visitorId ?? null);
  if (!admission.ok) {
    void discardSource(source);
    return admission.response;
  }

  let session: SseSession | undefined;
  const onAbort = (): void => session?.finish(true);
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (request.signal.aborted) {
          admission.release();
          void discardSource(source);
          controller.close();
          return;
        }
        session = new SseSession(
          {
            write: (bytes) => controller.enqueue(bytes),
            close: () => {
              try {
                controller.close();
              } catch {
                // Already closed or errored by the consumer: nothing left to end.
              }
            },
          },
          timings,
          () => {
            admission.release();
            request.signal.removeEventListener("abort", onAbort);
          },
        );
        session.pull(source);
        request.signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull() {
        await session?.step();
      },
      cancel() {
        session?.finish(true);
      },
    },
    // highWaterMark 0: pull only when a read is actually waiting.
    { highWaterMark: 0 },
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
