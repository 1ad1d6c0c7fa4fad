// Where a room stream starts, from the id the client says it has seen (Last-Event-ID, or the
// `after` parameter the page puts on its first connection).
//
// - no id: from now. Not "whatever the watch sees once subscribed": messages committed while
//   the subscription is being set up would be lost. From the room record's versionstamp,
//   which is its newest message's, and the watch's catch-up closes that window.
// - "0": from the room's first message.
// - a message id: right after that message (its versionstamp), so no gap and no duplicate.
// - a well-formed id this room has no message for (the data was reset since the client saw
//   it): from now, with reset = true so the client reloads instead of waiting for ids that
//   will never come, or merging new messages under old ones' ids.
// - anything else is a client bug: 400.

import type { Kv, KvEntry } from "@/lib/kv";
import { ChatError } from "./errors";
import { seqOf } from "./ids";
import { messageKey } from "./keys";
import type { RoomRecord } from "./types";
import { BEFORE_EVERYTHING } from "./versionstamps";

export interface ResumePoint {
  /** The versionstamp to watch the room's messages from. */
  since: string;
  /** The id given is unknown here; the client's messages are not this room's. */
  reset: boolean;
}

export async function resumePoint(kv: Kv, room: KvEntry<RoomRecord>, lastId: string | null): Promise<ResumePoint> {
  if (lastId === null || lastId === "") return { since: room.versionstamp, reset: false };
  const seq = seqOf(lastId);
  if (seq === null) {
    throw new ChatError("invalid_last_event_id", "Last-Event-ID (or after) must be a message id of this room.");
  }
  if (seq === 0) return { since: BEFORE_EVERYTHING, reset: false };
  const seen = await kv.get(messageKey(room.value.id, seq));
  if (seen.versionstamp === null) return { since: room.versionstamp, reset: true };
  return { since: seen.versionstamp, reset: false };
}
