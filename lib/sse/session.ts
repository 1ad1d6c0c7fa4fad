// One SSE connection's life, whatever carries its bytes: a web ReadableStream (sseResponse,
// for route handlers) or a node:http response (writeSse, for the live-stream front). The
// carrier decides when to ask for more (a pull, a drained socket); the session decides what
// to send: the preamble, each event framed once, a heartbeat while idle, the upstream state,
// a clean end on failure — and it gives back everything it holds when the connection ends.
//
// Pull-based: the source is asked for its next event only when the carrier wants more
// bytes, so a slow client costs one pending next(), never a queue.

import { logError } from "@/lib/log";
import { trackSseConnection } from "./connections";
import { encodeComment, encodeEvent, encodeRetry } from "./encode";
import { registerStream } from "./open-streams";
import { ERROR_EVENT_TYPE, type SseEvent } from "./protocol";
import { encodeEventBytes } from "./shared-frames";
import { openSource, type SourceHandle, type StreamSource } from "@/lib/feeds";

export interface SseOptions {
  /** Reconnect delay the browser should use (the `retry:` field). Default 2 000 ms. */
  retryMs?: number;
  /** A comment is sent after this long without an event. Default 15 000 ms. */
  heartbeatMs?: number;
}

/** Where a session's bytes go. */
export interface SseSink {
  write(bytes: Uint8Array): void;
  /** Ends the connection; called once. */
  close(): void;
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
const encoder = new TextEncoder();

type Outcome =
  | { kind: "item"; result: IteratorResult<SseEvent, undefined> }
  | { kind: "failed"; error: unknown }
  | { kind: "idle" }
  | { kind: "stopped" };

function positiveMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds`);
  return Math.round(value);
}

/** The options with their defaults, checked; throws a RangeError for nonsense. */
export function sseTimings(options: SseOptions): Required<SseOptions> {
  return {
    retryMs: positiveMs(options.retryMs, 2_000, "retryMs"),
    heartbeatMs: positiveMs(options.heartbeatMs, 15_000, "heartbeatMs"),
  };
}

/**
 * A class rather than closures: thousands of idle connections each hold one, and fields on
 * one object cost less than a dozen captured functions.
 *
 * Two ways to feed it. Pull (`pull(source)`, then `step()` whenever the carrier wants more):
 * for any source, one next() at a time. Push (`write(event)` as events come, `end()`): for a
 * PushSource, whose listener writes every connection's copy of a change in one loop.
 */
export class SseSession {
  private finished = false;
  private events: SourceHandle<SseEvent> | undefined;
  private readonly releaseConnection: () => void;
  private readonly unregister: () => void;
  private heartbeat: ReturnType<typeof setTimeout> | undefined;
  // Pull only. At most one next() is in flight. Its outcome goes to the step that waits for
  // it or, if a heartbeat ended that wait, is kept for the next step: no event is lost, and
  // nothing piles up however long the stream idles (no promise keeps collecting reactions).
  private inFlight = false;
  private ready: Outcome | undefined;
  private waiter: ((outcome: Outcome) => void) | undefined;

  /** Sends the preamble (retry hint, a comment so headers leave now) at once. */
  constructor(
    private readonly sink: SseSink,
    private readonly timings: Required<SseOptions>,
    private readonly onFinish: () => void = () => undefined,
  ) {
    this.releaseConnection = trackSseConnection();
    this.sendText(encodeRetry(timings.retryMs) + encodeComment("connected"));
    this.unregister = registerStream({
      write: (text) => {
        if (!this.finished) this.sendText(text);
      },
      end: () => this.finish(true),
    });
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Pull mode: events come from `source`, one per step(). */
  pull(source: StreamSource<SseEvent>): void {
    this.events = openSource(source);
  }

  /**
   * Pull mode: waits for the next event (or for the heartbeat's time) and writes it.
   * Resolves false once the session has finished, true while there is more to come.
   */
  async step(): Promise<boolean> {
    if (this.finished) return false;
    const outcome = await this.nextOutcome();
    if (this.finished) return false;
    switch (outcome.kind) {
      case "idle":
        this.sendText(encodeComment("heartbeat"));
        return true;
      case "failed":
        this.fail(outcome.error);
        return false;
      case "stopped":
        return false;
      case "item":
        if (outcome.result.done) {
          this.finish(false);
          return false;
        }
        return this.write(outcome.result.value);
    }
  }

  /** Push mode: sends a heartbeat comment whenever `heartbeatMs` pass without an event. */
  keepAlive(): void {
    if (this.finished || this.heartbeat) return;
    const beat = (): void => {
      if (this.finished) return;
      this.sendText(encodeComment("heartbeat"));
      this.heartbeat?.refresh();
    };
    this.heartbeat = setTimeout(beat, this.timings.heartbeatMs);
  }

  /** Writes one event (framed once for every connection that sends it); false once finished. */
  write(event: SseEvent): boolean {
    if (this.finished) return false;
    let frame: Uint8Array;
    try {
      frame = encodeEventBytes(event);
    } catch (error) {
      // Unserialisable data (a BigInt, a cycle) or a bad id: a bug in the route, but the
      // client still gets a clean end instead of a torn connection.
      this.reportFailure(error);
      this.finish(true);
      return false;
    }
    this.sink.write(frame);
    // In push mode the heartbeat counts from the last event; in pull mode it is restarted
    // by the next wait anyway.
    this.heartbeat?.refresh();
    return true;
  }

  /** Ends the stream after the error event (the source failed). */
  fail(error: unknown): void {
    if (this.finished) return;
    this.reportFailure(error);
    this.finish(false);
  }

  /**
   * Every way out goes through here: client gone, carrier cancelled, source finished or
   * failed, server shutting down. Idempotent; it leaves no timer or listener behind.
   */
  finish(cancelSource: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.releaseConnection();
    this.unregister();
    this.onFinish();
    clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
    this.ready = undefined;
    this.settle({ kind: "stopped" });
    if (cancelSource) void this.events?.cancel();
    this.sink.close();
  }

  private sendText(text: string): void {
    this.sink.write(encoder.encode(text));
  }

  private settle(outcome: Outcome): void {
    if (this.finished && outcome.kind !== "stopped") return;
    const wake = this.waiter;
    this.waiter = undefined;
    if (wake) wake(outcome);
    else if (outcome.kind === "item" || outcome.kind === "failed") this.ready = outcome;
  }

  private askSource(events: SourceHandle<SseEvent>): void {
    this.inFlight = true;
    events.next().then(
      (result) => {
        this.inFlight = false;
        this.settle({ kind: "item", result });
      },
      (error: unknown) => {
        this.inFlight = false;
        this.settle({ kind: "failed", error });
      },
    );
  }

  private nextOutcome(): Promise<Outcome> {
    const ready = this.ready;
    if (ready) {
      this.ready = undefined;
      return Promise.resolve(ready);
    }
    const events = this.events;
    if (!events) return Promise.reject(new Error("SseSession: step() before pull()"));
    if (!this.inFlight) this.askSource(events);
    return new Promise((resolve) => {
      this.waiter = resolve;
      // One timer per connection, restarted for each wait: a new timer per event would cost
      // an allocation per connection per change. When it fires with no wait pending,
      // settle() drops the idle outcome.
      if (this.heartbeat) this.heartbeat.refresh();
      else this.heartbeat = setTimeout(() => this.settle({ kind: "idle" }), this.timings.heartbeatMs);
    });
  }

  private reportFailure(error: unknown): void {
    // The browser gets a short, fixed message; the detail stays in the server log.
    logError("a live stream's source failed", error);
    this.sendText(encodeEvent({ event: ERROR_EVENT_TYPE, data: { message: STREAM_FAILED } }));
  }
}
