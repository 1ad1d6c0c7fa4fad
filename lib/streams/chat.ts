// The chat demo's live streams.

import { chatVisitor, openRoomEvents, ROOMS_EVENT, watchRooms } from "@/lib/chat";
import { getKv } from "@/lib/server/kv";
import { mapSource } from "@/lib/feeds";
import { lastEventId } from "@/lib/sse";
import type { STREAMS } from "@/lib/api/streams";
import type { SseEventOf } from "@/lib/api/declare-stream";
import type { StreamSource } from "@/lib/feeds";
import type { StreamImplementation } from "./endpoint";

/**
 * GET /api/rooms/events: the rooms list ("rooms", the whole list each time). Every open
 * rooms page in this process shares one feed (lib/chat's rooms-feed).
 */
export const roomsStream: StreamImplementation<typeof STREAMS.rooms> = async () => {
  const updates = watchRooms(await getKv());
  return { source: mapSource(updates, (update) => ({ id: update.id, event: ROOMS_EVENT, data: update.snapshot })) };
};

/**
 * GET /api/rooms/{room}/events: "messages" with the new messages in order (one, or several
 * when the client is behind; id: the last one's id, so a reconnect with Last-Event-ID, or
 * `?after=` on a first connection, resumes right after it with no gap and no duplicate),
 * "presence" (who is here, who is typing) and, when the id given is unknown here, "reset".
 * The visitor is present while it is open; a first-time one gets the cookie that names them,
 * or, once its address has been given its budget of new visitors, a 429 and no stream.
 */
export const roomStream: StreamImplementation<typeof STREAMS.room> = async (request, { room, after }) => {
  const kv = await getKv();
  const visitor = await chatVisitor(request, kv);
  const resumeFrom = lastEventId(request) ?? after;
  // lib/chat builds the room's events (ROOM_EVENT names, lib/chat/types payloads) as plain
  // SseEvents; they are the declaration's, asserted here at the one place they meet it.
  const source = (await openRoomEvents(kv, room, resumeFrom, visitor.memberId)) as StreamSource<SseEventOf<typeof STREAMS.room>>;
  return { source, headers: visitor.setCookie === null ? undefined : { "Set-Cookie": visitor.setCookie } };
};
