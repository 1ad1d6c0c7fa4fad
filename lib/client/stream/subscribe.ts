// subscribeStream: the browser side of lib/sse. Browser-only (EventSource, Web Locks,
// BroadcastChannel); nothing runs at import time, so server bundles may import it.
//
// Sharing happens at two levels: every subscriber to one URL in this tab shares one
// subscription (refcounted), and every tab shares one EventSource (see ./tab-feed).
// A subscriber that joins late gets the status and the recent events straight away.

import type { ConnectionStatus, StreamEvent } from "@/lib/sse/protocol";
import { ReplayBuffer } from "./replay-buffer";
import { openTabFeed } from "./tab-feed";

export type { ConnectionStatus, StreamEvent } from "@/lib/sse/protocol";
export { ERROR_EVENT_TYPE } from "@/lib/sse/protocol";

/** How long a subscription outlives its last subscriber: React StrictMode and page
 * transitions unsubscribe and resubscribe at once, and should not cost a reconnect. */
export const LINGER_MS = 100;

interface Subscriber {
  onEvent: (event: StreamEvent) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** False until the subscriber has had its replay: until then the replay covers
   * everything, so live delivery would repeat events or put them out of order. */
  ready: boolean;
}

interface Subscription {
  subscribers: Set<Subscriber>;
  status: ConnectionStatus;
  recent: ReplayBuffer;
  close: () => void;
  linger?: ReturnType<typeof setTimeout>;
}

const subscriptions = new Map<string, Subscription>();

// One subscriber's exception must not keep the others from their events; it is rethrown
// on its own so it still reaches the console and error reporting.
function notify<T>(subscribers: Iterable<Subscriber>, call: (subscriber: Subscriber) => T): void {
  for (const subscriber of [...subscribers]) {
    if (!subscriber.ready) continue;
    try {
      call(subscriber);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

function open(url: string): Subscription {
  const subscription: Subscription = {
    subscribers: new Set(),
    status: "connecting",
    recent: new ReplayBuffer(),
    close: () => {},
  };
  subscriptions.set(url, subscription);
  subscription.close = openTabFeed(url, {
    event(event) {
      subscription.recent.push(event);
      notify(subscription.subscribers, (subscriber) => subscriber.onEvent(event));
    },
    status(status) {
      if (status === subscription.status) return;
      subscription.status = status;
      notify(subscription.subscribers, (subscriber) => subscriber.onStatus(status));
    },
    replay: () => subscription.recent.snapshot(),
    lastEventId: () => subscription.recent.lastId(),
  });
  return subscription;
}

/**
 * Calls `onEvent` for each event of the SSE stream at `url` and `onStatus` whenever the
 * connection state changes (and once, soon after subscribing). Returns the unsubscribe
 * function (idempotent). Neither callback runs before subscribeStream has returned.
 */
export function subscribeStream(
  url: string,
  onEvent: (event: StreamEvent) => void,
  onStatus: (status: ConnectionStatus) => void,
): () => void {
  // Absolute, so "/api/x" and "https://host/api/x" share one stream (and one lock name).
  const key = new URL(url, globalThis.location?.href).href;
  let subscription = subscriptions.get(key);
  if (subscription?.linger !== undefined) {
    clearTimeout(subscription.linger);
    subscription.linger = undefined;
  }
  subscription ??= open(key);
  const subscriber: Subscriber = { onEvent, onStatus, ready: false };
  subscription.subscribers.add(subscriber);

  const joined = subscription;
  queueMicrotask(() => {
    if (!joined.subscribers.has(subscriber)) return;
    subscriber.ready = true;
    notify([subscriber], (s) => s.onStatus(joined.status));
    for (const event of joined.recent.snapshot()) notify([subscriber], (s) => s.onEvent(event));
  });

  let active = true;
  return () => {
    if (!active) return;
    active = false;
    joined.subscribers.delete(subscriber);
    if (joined.subscribers.size > 0) return;
    joined.linger = setTimeout(() => {
      if (joined.subscribers.size > 0 || subscriptions.get(key) !== joined) return;
      subscriptions.delete(key);
      joined.close();
    }, LINGER_MS);
  };
}
