// One stream per URL for the whole browser, not per tab: browsers allow about six
// HTTP/1.1 connections per origin, so a visitor with eight live tabs would otherwise see
// the last two hang. A Web Lock per URL elects a leader tab that holds the EventSource
// and rebroadcasts on a BroadcastChannel; the other tabs follow. When the leader goes
// (closed, navigated, unsubscribed) the browser releases its lock and the next waiting
// tab takes over, resuming from the last id it saw.
//
// A follower that joins asks the leader ("hello") for its recent events, so it shows the
// current state at once. Events that arrive before that answer are held back and merged
// by the leader's sequence numbers, so nothing is shown twice or out of order.

import { connectEventSource, type FeedSink } from "./reconnecting-event-source";
import type { ConnectionStatus, StreamEvent } from "@/lib/sse/protocol";

export interface TabFeedSink extends FeedSink {
  /** This tab's recent events for the stream, to answer a newcomer. */
  replay(): StreamEvent[];
  /** The newest id this tab has seen, to resume from on takeover. */
  lastEventId(): string;
}

export const CHANNEL_PREFIX = "livekv-sse:";
// How long a newcomer waits for the leader's answer before showing what it has: covers
// a leader that disappears between "hello" and its reply.
const SYNC_TIMEOUT_MS = 2_000;

type TabMessage =
  | { kind: "hello"; from: string }
  | { kind: "leader"; from: string }
  | { kind: "event"; from: string; seq: number; event: StreamEvent }
  | { kind: "status"; from: string; status: ConnectionStatus }
  | { kind: "replay"; from: string; to: string; seq: number; events: StreamEvent[]; status: ConnectionStatus };

type EventMessage = Extract<TabMessage, { kind: "event" }>;

function asTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as { kind?: unknown; from?: unknown };
  if (typeof message.kind !== "string" || typeof message.from !== "string") return null;
  return data as TabMessage;
}

export function canShareAcrossTabs(): boolean {
  return typeof BroadcastChannel === "function" && typeof globalThis.navigator?.locks?.request === "function";
}

/** Subscribes this tab to `url` (absolute), shared with the other tabs where possible. */
export function openTabFeed(url: string, sink: TabFeedSink): () => void {
  if (!canShareAcrossTabs()) {
    // No Web Locks (an insecure origin, an old browser) or no BroadcastChannel: one
    // EventSource per tab still works, it just spends a connection per tab.
    return connectEventSource(url, sink, { lastEventId: sink.lastEventId() });
  }
  return openSharedFeed(url, sink);
}

function openSharedFeed(url: string, sink: TabFeedSink): () => void {
  const name = CHANNEL_PREFIX + url;
  const tabId = crypto.randomUUID();
  const channel = new BroadcastChannel(name);
  const abandon = new AbortController();
  let closed = false;
  let leading = false;
  let status: ConnectionStatus = "connecting";
  let disconnect: (() => void) | undefined;
  let releaseLock: (() => void) | undefined;
  // As leader: events broadcast so far. As follower: the newest (leader, seq) delivered.
  let seq = 0;
  let leaderId = "";
  let leaderSeq = 0;
  let synced = false;
  let held: EventMessage[] = [];
  let syncTimer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: TabMessage): void => {
    if (!closed) channel.postMessage(message);
  };

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    sink.status(next);
    if (leading) post({ kind: "status", from: tabId, status: next });
  };

  const deliver = (message: EventMessage): void => {
    if (message.from === leaderId && message.seq <= leaderSeq) return;
    leaderId = message.from;
    leaderSeq = message.seq;
    sink.event(message.event);
  };

  const markSynced = (): void => {
    synced = true;
    clearTimeout(syncTimer);
    const waiting = held;
    held = [];
    waiting.forEach(deliver);
  };

  channel.onmessage = (raw: MessageEvent<unknown>) => {
    const message = asTabMessage(raw.data);
    if (!message || closed) return;
    if (leading) {
      if (message.kind === "hello") {
        post({ kind: "replay", from: tabId, to: message.from, seq, events: sink.replay(), status });
      }
      return;
    }
    switch (message.kind) {
      case "event":
        if (synced) deliver(message);
        else held.push(message);
        break;
      case "status":
        setStatus(message.status);
        break;
      case "replay":
        if (message.to !== tabId || synced) break;
        message.events.forEach((event) => sink.event(event));
        leaderId = message.from;
        leaderSeq = message.seq;
        setStatus(message.status);
        markSynced();
        break;
      case "leader":
        // A newcomer whose hello went unanswered (no leader yet, or one that just left)
        // asks the new one.
        if (!synced) post({ kind: "hello", from: tabId });
        break;
    }
  };

  const lead = (): Promise<void> | undefined => {
    if (closed) return undefined;
    return new Promise<void>((release) => {
      releaseLock = release;
      leading = true;
      if (!synced) markSynced();
      post({ kind: "leader", from: tabId });
      // Followers already show data: to them this is a reconnect, not a first connect.
      setStatus(status === "connecting" && sink.replay().length === 0 ? "connecting" : "reconnecting");
      disconnect = connectEventSource(
        url,
        {
          event: (event) => {
            seq += 1;
            sink.event(event);
            post({ kind: "event", from: tabId, seq, event });
          },
          status: setStatus,
        },
        { lastEventId: sink.lastEventId(), initialStatus: status },
      );
    });
  };

  navigator.locks.request(name, { signal: abandon.signal }, lead).catch(() => {
    // AbortError: this tab stopped waiting for leadership. Nothing to undo.
  });
  post({ kind: "hello", from: tabId });
  syncTimer = setTimeout(() => {
    if (!synced) markSynced();
  }, SYNC_TIMEOUT_MS);

  return () => {
    if (closed) return;
    closed = true;
    clearTimeout(syncTimer);
    disconnect?.();
    abandon.abort();
    releaseLock?.();
    channel.onmessage = null;
    channel.close();
  };
}
