// useStream: a declared stream (lib/api/streams.ts) folded into a value, with its events typed
// by the declaration — `event.type === "stats"` narrows `event.data` to the stats, no casts.
// The URL comes from the declaration too, so the browser asks for exactly what the server
// serves. Built on useLiveStream (one SWR subscription per URL, one connection per browser).

import type { StreamDeclaration, StreamEventOf, StreamParams } from "@/lib/api/declare-stream";
import { isEventOf, streamUrl } from "@/lib/api/declare-stream";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";
import { useConnectionStatus } from "./connection-status";
import { useLiveStream, type LiveStream, type LiveStreamOptions } from "./useLiveStream";

/** Returns the new value; `undefined` means "nothing to show yet". */
export type StreamReducer<D extends StreamDeclaration, T> = (current: T | undefined, event: StreamEventOf<D>) => T | undefined;

/** `params` null pauses the stream. Events the declaration does not name are ignored. */
export function useStream<D extends StreamDeclaration, T>(
  stream: D,
  params: StreamParams<D> | null,
  reduce: StreamReducer<D, T>,
  options: LiveStreamOptions<T> = {},
): LiveStream<T> {
  const url = params === null ? null : streamUrl(stream, params);
  return useLiveStream<T>(url, (current, event) => (isEventOf(stream, event) ? reduce(current, event) : current), options);
}

/** The connection status of the stream another component opened with the same params. */
export function useStreamStatus<D extends StreamDeclaration>(stream: D, params: StreamParams<D>): ConnectionStatus {
  return useConnectionStatus(streamUrl(stream, params));
}
