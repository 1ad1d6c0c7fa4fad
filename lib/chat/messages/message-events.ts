// A room's messages as SSE events for one stream, read through a cursor on the room's shared
// log (room-log.ts). The cursor is the seq of the next message the client needs, so resuming,
// catching up and following live are one loop, and nothing is sent twice or skipped.
//
// One event carries every message that is ready for this stream (up to a cap), with the last
// one's id as its event id. In a quiet room that is one message per event; when messages
// arrive faster than this client takes them, they go out together: the per-event costs
// (stream hops, a socket write) are paid per batch, so a busy room slows a crowd of readers
// down far less, and a reader that fell behind catches up in a few events, not thousands.
//
// Hand-written rather than an async generator so that return() ends the stream at once,
// even while it waits for the next message (see lib/feeds' mapSource).

import type { Kv } from "@/lib/kv";
import type { SseEvent } from "@/lib/sse";
import { joinRoomLog } from "./room-log";
import { MAX_MESSAGES_PER_EVENT, ROOM_EVENT, type ChatMessage } from "../types";

// Streams that keep up each get a new message on its own, as the same one-message event:
// one object per message shared by all of them (the log's window holds the message objects),
// rather than a thousand equal ones to allocate and collect.
const single = new WeakMap<ChatMessage, SseEvent>();

export function messagesEvent(messages: ChatMessage[]): SseEvent {
  if (messages.length === 1) {
    const [message] = messages;
    let event = single.get(message);
    if (!event) {
      event = { id: message.id, event: ROOM_EVENT.messages, data: messages };
      single.set(message, event);
    }
    return event;
  }
  return { id: messages[messages.length - 1].id, event: ROOM_EVENT.messages, data: messages };
}

/** Every message from seq `from` on, then each new one as it is sent. `first` goes out before them. */
export function messageEvents(kv: Kv, roomId: string, from: number, first: SseEvent[] = []): AsyncIterableIterator<SseEvent> {
  const log = joinRoomLog(kv, roomId);
  const ready: SseEvent[] = [...first];
  let batch: ChatMessage[] = [];
  let at = 0;
  let next = from;
  let finished = false;

  const finish = (): void => {
    if (finished) return;
    finished = true;
    log.leave();
  };

  const iterator: AsyncIterableIterator<SseEvent> = {
    async next() {
      try {
        while (!finished) {
          const event = ready.shift();
          if (event !== undefined) return { done: false, value: event };
          if (at < batch.length) {
            const messages = batch.slice(at, at + MAX_MESSAGES_PER_EVENT);
            at += messages.length;
            next = messages[messages.length - 1].seq + 1;
            return { done: false, value: messagesEvent(messages) };
          }
          batch = await log.read(next);
          at = 0;
        }
      } catch (error) {
        finish();
        throw error;
      }
      return { done: true, value: undefined };
    },
    async return() {
      finish();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
