// sseResponse: any async source of events → a text/event-stream Response.
//
// Pull-based: the body stream asks the source for its next event only when the consumer
// is ready for more bytes, so a slow client costs one pending next(), never a queue.

import { admitStream } from "./admission";
import { trackSseConnection } from "./connections";
import { encodeComment, encodeEvent, encodeRetry } from "./encode";
import { ERROR_EVENT_TYPE, type SseEvent } from "./protocol";
import { encodeEventBytes } from "./shared-frames";
import { registerStream } from "./open-streams";
import { openSource, type StreamSource } from "./source";

export interface SseOptions {
  /** Reconnect delay the browser should use (the `retry:` field). Default 2 000 ms. */
  retryMs?: number;
  /** A comment is sent after this long without an event. Default 15 000 ms. */
  heartbeatMs?: number;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: compression middleware (and CDNs) must not buffer the stream to gzip it.
  "Cache-Control": "no-cache, no-transform",
  // nginx buffers proxied responses unless told otherwise.
  "X-Accel-Buffering": "no",
  // The connection ends with the stream. A reconnecting EventSource opens a new one anyway,
  // and a kept-alive socket left idle by an ended stream would hold up a graceful shutdown
  // until its keep-alive timeout (the server closes only the sockets idle when it stops).
  Connection: "close",
};

const STREAM_FAILED = "The stream failed on the server; reconnecting resumes it.";

type Outcome<T> =
  | { kind: "item"; result: IteratorResult<T, undefined> }
  | { kind: "failed"; error: unknown }
  | { kind: "idle" }
  | { kind: "stopped" };

function positiveMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds`);
  return Math.round(value);
}

export function sseResponse(
  request: Request,
  source: StreamSource<SseEvent>,
  options: SseOptions = {},
): Response {
  const retryMs = positiveMs(options.retryMs, 2_000, "retryMs");
  const heartbeatMs = positiveMs(options.heartbeatMs, 15_000, "heartbeatMs");
  const encoder = new TextEncoder();
  const events = openSource(source);
  // Refused beyond the caps (503 + Retry-After), before any stream exists.
  const admission = admitStream(request);
  if (!admission.ok) {
    void events.cancel();
    return admission.response;
  }
  const releaseConnection = trackSseConnection();
  let unregister: () => void = () => undefined;

  let finished = false;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;
  // At most one next() is in flight. Its outcome goes to the pull that waits for it or, if
  // a heartbeat ended that wait, is kept for the next pull: no event is lost, and nothing
  // piles up however long the stream idles (no promise keeps collecting reactions).
  let inFlight = false;
  let ready: Outcome<SseEvent> | undefined;
  let waiter: ((outcome: Outcome<SseEvent>) => void) | undefined;
  let body: ReadableStreamDefaultController<Uint8Array> | undefined;

  const settle = (outcome: Outcome<SseEvent>): void => {
    if (finished && outcome.kind !== "stopped") return;
    const wake = waiter;
    waiter = undefined;
    if (wake) wake(outcome);
    else if (outcome.kind === "item" || outcome.kind === "failed") ready = outcome;
  };

  const askSource = (): void => {
    inFlight = true;
    events.next().then(
      (result) => {
        inFlight = false;
        settle({ kind: "item", result });
      },
      (error: unknown) => {
        inFlight = false;
        settle({ kind: "failed", error });
      },
    );
  };

  // Every way out goes through here: client gone, response cancelled, source finished or
  // failed. Idempotent, and it leaves no timer or listener behind.
  const finish = (cancelSource: boolean): void => {
    if (finished) return;
    finished = true;
    releaseConnection();
    admission.release();
    unregister();
    clearTimeout(heartbeat);
    heartbeat = undefined;
    request.signal.removeEventListener("abort", onAbort);
    ready = undefined;
    settle({ kind: "stopped" });
    if (cancelSource) void events.cancel();
    try {
      body?.close();
    } catch {
      // Already closed or errored by the consumer: nothing left to end.
    }
  };
  const onAbort = (): void => finish(true);

  const send = (text: string): void => body?.enqueue(encoder.encode(text));

  const nextOutcome = (): Promise<Outcome<SseEvent>> => {
    if (ready) {
      const outcome = ready;
      ready = undefined;
      return Promise.resolve(outcome);
    }
    if (!inFlight) askSource();
    return new Promise((resolve) => {
      waiter = resolve;
      // One timer per stream, restarted for each wait: a new timer per event would cost an
      // allocation (and an async-hooks init under Next) per connection per change. When it
      // fires with no wait pending, settle() drops the idle outcome.
      if (heartbeat) heartbeat.refresh();
      else heartbeat = setTimeout(() => settle({ kind: "idle" }), heartbeatMs);
    });
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        body = controller;
        if (request.signal.aborted) {
          finish(true);
          return;
        }
        request.signal.addEventListener("abort", onAbort, { once: true });
        // Sent at once so the status line and headers leave now, not with the first event.
        send(encodeRetry(retryMs) + encodeComment("connected"));
        unregister = registerStream({
          write: (text) => {
            if (!finished) send(text);
          },
          end: () => finish(true),
        });
      },
      async pull() {
        if (finished) return;
        const outcome = await nextOutcome();
        if (finished) return;
        if (outcome.kind === "idle") {
          send(encodeComment("heartbeat"));
          return;
        }
        if (outcome.kind === "failed") {
          reportFailure(outcome.error);
          finish(false);
          return;
        }
        if (outcome.kind !== "item") return;
        if (outcome.result.done) {
          finish(false);
          return;
        }
        let frame: Uint8Array;
        try {
          frame = encodeEventBytes(outcome.result.value);
        } catch (error) {
          // Unserialisable data (a BigInt, a cycle) or a bad id: a bug in the route, but
          // the client still gets a clean end instead of a torn connection.
          reportFailure(error);
          finish(true);
          return;
        }
        body?.enqueue(frame);
      },
      cancel() {
        finish(true);
      },
    },
    // highWaterMark 0: pull only when a read is actually waiting.
    { highWaterMark: 0 },
  );

  function reportFailure(error: unknown): void {
    // The browser gets a short, fixed message; the detail stays in the server log.
    console.error("sseResponse: source failed", error);
    send(encodeEvent({ event: ERROR_EVENT_TYPE, data: { message: STREAM_FAILED } }));
  }

  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
