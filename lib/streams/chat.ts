// The chat demo's live streams.

import { chatVisitor, openRoomEvents, ROOMS_EVENT, watchRooms } from "@/lib/chat";
import { getKv } from "@/lib/server/kv";
import { mapSource } from "@/lib/feeds";
import { lastEventId } from "@/lib/sse";
import type { LiveStream } from "./endpoint";

/**
 * GET /api/rooms/events: the rooms list ("rooms", the whole list each time). Every open
 * rooms page in this process shares one feed (lib/chat's rooms-feed).
 */
export async function roomsStream(): Promise<LiveStream> {
  const updates = watchRooms(await getKv());
  return { source: mapSource(updates, (update) => ({ id: update.id, event: ROOMS_EVENT, data: update.snapshot })) };
}

/**
 * GET /api/rooms/{room}/events: "messages" with the new messages in order (one, or several
 * when the client is behind; id: the last one's id, so a reconnect with Last-Event-ID, or
 * `?after=` on a first connection, resumes right after it with no gap and no duplicate),
 * "presence" (who is here, who is typing) and, when the id given is unknown here, "reset".
 * The visitor is present while it is open; a first-time one gets the cookie that names them,
 * or, once its address has been given its budget of new visitors, a 429 and no stream.
 */
export async function roomStream(request: Request, { room }: { room: string }): Promise<LiveStream> {
  const kv = await getKv();
  const visitor = await chatVisitor(request, kv);
  const resumeFrom = lastEventId(request) ?? new URL(request.url).searchParams.get("after");
  const source = await openRoomEvents(kv, room, resumeFrom, visitor.memberId);
  return { source, headers: visitor.setCookie === null ? undefined : { "Set-Cookie": visitor.setCookie } };
}
