// Every SSE stream this process has open, so the process can speak to all of them at once:
// tell them the store behind them is away or back (an `upstream` event, which the browser
// shows as "reconnecting"/"live"), and end them all with a retry hint when it shuts down.

import { encodeComment, encodeEvent, encodeRetry } from "./encode";
import { UPSTREAM_EVENT_TYPE, type UpstreamState } from "./protocol";

export interface OpenStream {
  /** Writes raw SSE text to the stream (no-op once it is finished). */
  write(text: string): void;
  /** Ends the stream (the source is cancelled). */
  end(): void;
}

interface Registry {
  streams: Set<OpenStream>;
  upstream: UpstreamState;
}

const open: Registry = { streams: new Set(), upstream: "live" };

function registry(): Registry {
  return open;
}

/** The frame that tells a client whether the data behind its stream is current. */
export function upstreamFrame(state: UpstreamState): string {
  return encodeEvent({ event: UPSTREAM_EVENT_TYPE, data: { state } });
}

/** Adds a stream; it hears the current upstream state at once if that is not "live". */
export function registerStream(stream: OpenStream): () => void {
  const r = registry();
  r.streams.add(stream);
  if (r.upstream !== "live") stream.write(upstreamFrame(r.upstream));
  return () => r.streams.delete(stream);
}

export function upstreamState(): UpstreamState {
  return registry().upstream;
}

/** Tells every open stream (and every later one) whether the store is reachable. */
export function setUpstreamState(state: UpstreamState): void {
  const r = registry();
  if (r.upstream === state) return;
  r.upstream = state;
  const frame = upstreamFrame(state);
  for (const stream of r.streams) stream.write(frame);
}

/**
 * Ends every open stream after a `retry:` hint (how long a standard EventSource waits before
 * it reconnects: long enough for a restarting server to listen again). Returns how many.
 */
export function closeAllStreams(retryMs: number): number {
  const streams = [...registry().streams];
  const goodbye = encodeRetry(retryMs) + encodeComment("server restarting; reconnect to resume");
  for (const stream of streams) {
    stream.write(goodbye);
    stream.end();
  }
  return streams.length;
}
