// Messages this tab is sending: shown at once as pending, then as sent (with the stored
// message) or failed (with the reason and a retry). Each has a clientId, the server's
// idempotency key: a retry after a lost answer cannot post the message twice, and the
// stream's copy of the message is recognised as this one whichever arrives first.

import type { ChatMessage } from "@/lib/chat/types";
import { isNewer } from "./room-state";

export interface Outgoing {
  clientId: string;
  author: string;
  text: string;
  createdAt: number;
  state: "sending" | "failed" | "sent";
  /** Why it failed, in the server's words. */
  error?: string;
  /** 429: seconds until sending works again. */
  retryAfter?: number | null;
  message?: ChatMessage;
}

/** 22 url-safe random characters. Not crypto.randomUUID(): that needs a secure context, and
 * the app may be served over plain http on a LAN address. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function updateOutgoing(outbox: Outgoing[], clientId: string, change: Partial<Outgoing>): Outgoing[] {
  return outbox.map((item) => (item.clientId === clientId ? { ...item, ...change } : item));
}

/**
 * The conversation to show: stored messages from every source (older pages, the live
 * stream, its updates, answers to this tab's sends and changes), each once — its newest
 * state — and in seq order; then this tab's messages not stored yet.
 */
export function mergeConversation(
  sources: readonly (readonly ChatMessage[])[],
  outbox: readonly Outgoing[],
  /** Newer states of messages, shown only for messages already in the sources. */
  revisions: readonly ChatMessage[] = [],
): { messages: ChatMessage[]; unsent: Outgoing[] } {
  const byId = new Map<string, ChatMessage>();
  const put = (message: ChatMessage) => {
    if (isNewer(message, byId.get(message.id))) byId.set(message.id, message);
  };
  for (const source of sources) for (const message of source) put(message);
  for (const item of outbox) if (item.message) put(item.message);
  for (const revision of revisions) if (byId.has(revision.id)) put(revision);
  const messages = [...byId.values()].sort((a, b) => a.seq - b.seq);
  const stored = new Set(messages.map((message) => message.clientId).filter((id) => id !== null));
  return { messages, unsent: outbox.filter((item) => !item.message && !stored.has(item.clientId)) };
}
