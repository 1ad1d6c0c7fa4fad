// One EventSource that stays connected: on any error it is closed and reopened with
// backoff, resuming from the last id seen through `?lastEventId=` (the browser's own
// retry would keep hammering at its fixed `retry:` delay and cannot resume across a
// close/reopen), and it waits out offline periods instead of failing repeatedly.

import { backoffDelay } from "./backoff";
import {
  ERROR_EVENT_TYPE,
  fromWire,
  LAST_EVENT_ID_PARAM,
  UPSTREAM_EVENT_TYPE,
  type ConnectionStatus,
  type StreamEvent,
} from "@/lib/sse/protocol";

export interface FeedSink {
  event(event: StreamEvent): void;
  status(status: ConnectionStatus): void;
}

export interface ConnectOptions {
  /** Resume after this id (a tab taking over from another one). */
  lastEventId?: string;
  /** The status the caller already shows, so it is not reported again. */
  initialStatus?: ConnectionStatus;
}

export function withLastEventId(url: string, id: string): string {
  if (id === "") return url;
  const target = new URL(url, globalThis.location?.href);
  target.searchParams.set(LAST_EVENT_ID_PARAM, id);
  return target.href;
}

const isOffline = (): boolean => globalThis.navigator?.onLine === false;

/** Connects now; the returned function disconnects for good (idempotent). */
export function connectEventSource(url: string, sink: FeedSink, options: ConnectOptions = {}): () => void {
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;
  let lastId = options.lastEventId ?? "";
  let status: ConnectionStatus = options.initialStatus ?? "connecting";

  const report = (next: ConnectionStatus): void => {
    if (closed || next === status) return;
    status = next;
    sink.status(next);
  };

  const drop = (): void => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (source) {
      source.onopen = source.onmessage = source.onerror = null;
      source.close();
      source = undefined;
    }
  };

  const scheduleRetry = (): void => {
    if (isOffline()) {
      report("offline");
      return;
    }
    report("reconnecting");
    retryTimer = setTimeout(open, backoffDelay(attempt));
    attempt += 1;
  };

  function open(): void {
    drop();
    if (closed) return;
    if (isOffline()) {
      report("offline");
      return;
    }
    const current = new EventSource(withLastEventId(url, lastId));
    source = current;
    current.onopen = () => report("live");
    current.onmessage = (message: MessageEvent<unknown>) => {
      if (message.lastEventId !== "") lastId = message.lastEventId;
      const event = fromWire(String(message.data), message.lastEventId);
      // The server's word on the store behind the stream: while it is away the figures on
      // screen may be stale, which the visitor should see, though the stream itself is up.
      if (event.type === UPSTREAM_EVENT_TYPE) {
        const state = (event.data as { state?: unknown } | null)?.state;
        report(state === "live" ? "live" : "reconnecting");
        return;
      }
      // Only real data proves the stream works; a server whose source keeps failing
      // answers with an error event each time, and must still see the delays grow.
      if (event.type !== ERROR_EVENT_TYPE) attempt = 0;
      report("live");
      sink.event(event);
    };
    current.onerror = () => {
      drop();
      scheduleRetry();
    };
  }

  const onOnline = (): void => {
    if (closed || source) return;
    attempt = 0;
    open();
  };
  // The connection is gone once the device is: waiting for `online` beats retrying blind.
  const onOffline = (): void => {
    if (closed) return;
    drop();
    report("offline");
  };

  const events = typeof globalThis.addEventListener === "function" ? globalThis : undefined;
  events?.addEventListener("online", onOnline);
  events?.addEventListener("offline", onOffline);
  open();

  return () => {
    if (closed) return;
    closed = true;
    drop();
    events?.removeEventListener("online", onOnline);
    events?.removeEventListener("offline", onOffline);
  };
}
