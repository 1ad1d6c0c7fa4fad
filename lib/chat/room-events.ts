// One room stream (GET /api/rooms/{room}/events): the room's messages from where the client
// left off, and its presence, merged into one SSE source. While the stream is open the
// visitor counts as present; closing it (or the process dying) ends that.

import type { Kv } from "@/lib/kv";
import { finallyDo, mapSource, mergeSources } from "@/lib/feeds";
import type { SseEvent } from "@/lib/sse";
import { messageEvents } from "./messages/message-events";
import { presenceKeeperOf } from "./presence/presence-keeper";
import { resumePoint } from "./messages/resume";
import { watchRoomPresence } from "./presence/room-presence-feed";
import { requireRoomEntry } from "./rooms/rooms";
import { ROOM_EVENT, type PresenceEvent, type ResetEvent } from "./types";

/**
 * The events for one visitor's stream to `roomId`, resuming after message id `resumeFrom`
 * (see messages/resume.ts). Throws a ChatError (404 no such room, 400 bad id) before anything opens.
 */
export async function openRoomEvents(
  kv: Kv,
  roomId: string,
  resumeFrom: string | null,
  memberId: string,
): Promise<AsyncIterableIterator<SseEvent>> {
  const room = await requireRoomEntry(kv, roomId);
  const point = resumePoint(room, resumeFrom);
  const release = await presenceKeeperOf(kv).hold(roomId, memberId);
  try {
    const reset: SseEvent[] = point.reset
      ? [{ event: ROOM_EVENT.reset, data: { reason: "unknown_last_event_id" } satisfies ResetEvent }]
      : [];
    // Presence events carry no id: the browser keeps the last message id it saw, which is
    // what it must resume from.
    const presence = mapSource(watchRoomPresence(kv, roomId), (snapshot): SseEvent => ({
      event: ROOM_EVENT.presence,
      data: { ...snapshot, you: memberId } satisfies PresenceEvent,
    }));
    return finallyDo(mergeSources<SseEvent>(messageEvents(kv, roomId, point.next, reset), presence), release);
  } catch (error) {
    release();
    throw error;
  }
}
