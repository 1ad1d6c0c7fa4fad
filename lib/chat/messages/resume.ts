// Where a room stream starts, from the id the client says it has seen (Last-Event-ID, or the
// `after` parameter the page puts on its first connection). Ids are seqs in the room's log —
// 1, 2, 3… in commit order, never reused or removed (an update to a message takes a seq of its
// own, so a stream's id may be an update's) — so "right after entry n" is simply seq n + 1.
//
// - no id: from now, the first message after the room's newest at connect time.
// - "0": from the room's first message.
// - a message id: right after that message — no gap, no duplicate.
// - an id past the room's newest message (its data was reset since the client saw it): from
//   now, with reset = true, so the client reloads instead of waiting for ids that will never
//   come or filing new messages under old ones' ids.
// - anything else is a client bug: 400.

import type { KvEntry } from "@/lib/kv";
import { ChatError } from "../errors";
import { seqOf } from "../ids";
import { headOf, type RoomRecord } from "../types";

export interface ResumePoint {
  /** The seq of the first message to send. */
  next: number;
  /** The id given is unknown here; the client's messages are not this room's. */
  reset: boolean;
}

export function resumePoint(room: KvEntry<RoomRecord>, lastId: string | null): ResumePoint {
  const newest = headOf(room.value);
  if (lastId === null || lastId === "") return { next: newest + 1, reset: false };
  const seq = seqOf(lastId);
  if (seq === null) {
    throw new ChatError("invalid_last_event_id", "Last-Event-ID (or after) must be a message id of this room.");
  }
  if (seq > newest) return { next: newest + 1, reset: true };
  return { next: seq + 1, reset: false };
}
