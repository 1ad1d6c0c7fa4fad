// Messages this tab is sending: shown at once as pending, then as sent (with the stored
// message) or failed (with the reason and a retry). Each has a clientId, the server's
// idempotency key: a retry after a lost answer cannot post the message twice, and the
// stream's copy of the message is recognised as this one whichever arrives first.

import type { ChatMessage } from "@/lib/chat/types";

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
 * stream, answers to this tab's sends), each once and in seq order; then this tab's
 * messages not stored yet.
 */
export function mergeConversation(
  sources: readonly (readonly ChatMessage[])[],
  outbox: readonly Outgoing[],
): { messages: ChatMessage[]; unsent: Outgoing[] } {
  const byId = new Map<string, ChatMessage>();
  for (const source of sources) for (const message of source) byId.set(message.id, message);
  for (const item of outbox) if (item.message) byId.set(item.message.id, item.message);
  const messages = [...byId.values()].sort((a, b) => a.seq - b.seq);
  const stored = new Set(messages.map((message) => message.clientId).filter((id) => id !== null));
  return { messages, unsent: outbox.filter((item) => !item.message && !stored.has(item.clientId)) };
}
