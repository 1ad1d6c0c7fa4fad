// useLiveStream: an SSE stream folded into a value with a reducer, on SWR's subscription
// support. Components that use the same URL share SWR's one subscription (and, through
// subscribeStream, one connection per URL across every tab of the browser).
//
// State streams: the reducer returns the event's state; the first event after every
// (re)connect is the full state, so the view resyncs by itself. Log streams: the reducer
// appends (see appendById) and the server resumes after `lastEventId`; replayed events
// may repeat, so appending must dedupe by id.

import { useEffect, useRef } from "react";
import useSWRSubscription from "swr/subscription";
import { ERROR_EVENT_TYPE, subscribeStream, type ConnectionStatus, type StreamEvent } from "@/lib/client/stream/subscribe";
import { forgetConnectionStatus, reportConnectionStatus, useConnectionStatus } from "./connection-status";

/** Returns the new value; `undefined` means "nothing to show yet" (an event of another type). */
export type LiveReducer<T> = (current: T | undefined, event: StreamEvent) => T | undefined;

export interface LiveStreamOptions<T> {
  /** Shown until the first event (typically server-rendered), and the reducer's starting value. */
  fallbackData?: T;
}

export interface LiveStream<T> {
  data: T | undefined;
  status: ConnectionStatus;
  /** The server's last stream failure; cleared by the next event. */
  error: Error | undefined;
}

/** A stream failure the server reported (it ends the stream; the client reconnects). */
export class LiveStreamError extends Error {
  override name = "LiveStreamError";
}

function errorMessage(data: unknown): string {
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : "The live stream failed.";
}

/**
 * `reduce` should be the same for every component that uses `url`: SWR runs only the
 * subscription of the first one (as with a fetcher). `url` null pauses the stream.
 */
export function useLiveStream<T>(
  url: string | null,
  reduce: LiveReducer<T>,
  options: LiveStreamOptions<T> = {},
): LiveStream<T> {
  // Refs, so an inline reducer or a fresh fallback object neither resubscribes nor is stale.
  const reduceRef = useRef(reduce);
  const fallbackRef = useRef(options.fallbackData);
  useEffect(() => {
    reduceRef.current = reduce;
    fallbackRef.current = options.fallbackData;
  });

  const { data, error } = useSWRSubscription<T, Error, string | null>(
    url,
    (key: string, { next }) => {
      const unsubscribe = subscribeStream(
        key,
        (event) => {
          if (event.type === ERROR_EVENT_TYPE) {
            next(new LiveStreamError(errorMessage(event.data)));
            return;
          }
          next(null, (current) => reduceRef.current(current ?? fallbackRef.current, event));
        },
        (status) => reportConnectionStatus(key, status),
      );
      return () => {
        unsubscribe();
        forgetConnectionStatus(key);
      };
    },
    { fallbackData: options.fallbackData },
  );

  return { data, status: useConnectionStatus(url), error };
}
