// A room's new messages as SSE events, one per message, in seq order, each with the message
// id as its event id. The prefix watch delivers messages in batches (one per flush, or the
// whole catch-up after a resume); this hands them out one at a time and reads the next
// batch only when the last one is used up, so a slow client holds at most one batch.
//
// Hand-written rather than an async generator so that return() cancels the watch at once,
// even while it waits for the next message (see lib/sse's mapSource).

import type { Kv } from "@/lib/kv";
import type { SseEvent } from "@/lib/sse";
import { messagesPrefix } from "./keys";
import { ROOM_EVENT, type ChatMessage } from "./types";

function isMessage(value: unknown): value is ChatMessage {
  const message = value as ChatMessage | null;
  return typeof message === "object" && message !== null && typeof message.id === "string" && typeof message.seq === "number";
}

export function messageEvent(message: ChatMessage): SseEvent {
  return { id: message.id, event: ROOM_EVENT.message, data: message };
}

/**
 * Every message committed after versionstamp `since`, then each new one as it is sent.
 * `first` goes out before them (a reset notice).
 */
export function messageEvents(kv: Kv, roomId: string, since: string, first: SseEvent[] = []): AsyncIterableIterator<SseEvent> {
  const reader = kv.watchPrefix<ChatMessage>(messagesPrefix(roomId), { since }).getReader();
  const ready: SseEvent[] = [...first];
  let finished = false;

  const iterator: AsyncIterableIterator<SseEvent> = {
    async next() {
      while (!finished) {
        const event = ready.shift();
        if (event !== undefined) return { done: false, value: event };
        const { done, value } = await reader.read();
        if (done || finished) break;
        // Deletions (value null) have no place in a chat log: messages are never edited away.
        for (const entry of value) if (isMessage(entry.value)) ready.push(messageEvent(entry.value));
      }
      finished = true;
      return { done: true, value: undefined };
    },
    async return() {
      finished = true;
      ready.length = 0;
      await reader.cancel().catch(() => {});
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
