// A room's log as SSE events for one stream, read through a cursor on the room's shared
// log (room-log.ts). The cursor is the seq of the next message the client needs, so resuming,
// catching up and following live are one loop, and nothing is sent twice or skipped.
//
// One event carries every message that is ready for this stream (up to a cap), with the last
// one's id as its event id; updates to earlier messages go the same way, as "updates" events
// (a run of new messages and a run of updates are never mixed in one event, so order holds). In a quiet room that is one message per event; when messages
// arrive faster than this client takes them, they go out together: the per-event costs
// (stream hops, a socket write) are paid per batch, so a busy room slows a crowd of readers
// down far less, and a reader that fell behind catches up in a few events, not thousands.
//
// Hand-written rather than an async generator so that return() ends the stream at once,
// even while it waits for the next message (see lib/feeds' mapSource).

import type { Kv } from "@/lib/kv";
import type { SseEvent } from "@/lib/sse";
import { joinRoomLog } from "./room-log";
import { isMessageUpdate, MAX_MESSAGES_PER_EVENT, ROOM_EVENT, type ChatMessage, type RoomLogEntry } from "../types";

// Streams that keep up each get a new entry on its own, as the same one-entry event: one
// object per entry shared by all of them (the log's window holds the entry objects), rather
// than a thousand equal ones to allocate and collect.
const single = new WeakMap<RoomLogEntry, SseEvent>();

/** One event for consecutive log entries of one kind (all messages, or all updates). */
export function messagesEvent(entries: RoomLogEntry[]): SseEvent {
  const make = (): SseEvent => {
    const id = String(entries[entries.length - 1].seq);
    if (isMessageUpdate(entries[0])) {
      return { id, event: ROOM_EVENT.updates, data: entries.map((entry) => (entry as { update: ChatMessage }).update) };
    }
    return { id, event: ROOM_EVENT.messages, data: entries };
  };
  if (entries.length === 1) {
    const [entry] = entries;
    let event = single.get(entry);
    if (!event) {
      event = make();
      single.set(entry, event);
    }
    return event;
  }
  return make();
}

/** How many entries from `at` on are of the same kind as the one at `at` (up to `max`). */
function runLength(batch: RoomLogEntry[], at: number, max: number): number {
  const updates = isMessageUpdate(batch[at]);
  let end = at + 1;
  while (end < batch.length && end - at < max && isMessageUpdate(batch[end]) === updates) end++;
  return end - at;
}

/** Every log entry from seq `from` on, then each new one as it is written. `first` goes out before them. */
export function messageEvents(kv: Kv, roomId: string, from: number, first: SseEvent[] = []): AsyncIterableIterator<SseEvent> {
  const log = joinRoomLog(kv, roomId);
  const ready: SseEvent[] = [...first];
  let batch: RoomLogEntry[] = [];
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
            const entries = batch.slice(at, at + runLength(batch, at, MAX_MESSAGES_PER_EVENT));
            at += entries.length;
            next = entries[entries.length - 1].seq + 1;
            return { done: false, value: messagesEvent(entries) };
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
