// GET /api/rooms/{room}/events: the room as Server-Sent Events — "messages" with the new
// messages in order (one, or several when the client is behind; id: the last one's id, so a
// reconnect with Last-Event-ID, or `?after=` on a first connection, resumes right after it
// with no gap and no duplicate), "presence" (who is here, who is typing) and, when the id
// given is unknown here, "reset". The visitor is present while it is open.
import { chatVisitor, openRoomEvents, withVisitorCookie } from "@/lib/chat";
import { errorResponse } from "@/lib/http";
import { getKv } from "@/lib/server/kv";
import { lastEventId, sseResponse } from "@/lib/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ room: string }> }): Promise<Response> {
  const { room } = await context.params;
  try {
    const kv = await getKv();
    const visitor = chatVisitor(request);
    const resumeFrom = lastEventId(request) ?? new URL(request.url).searchParams.get("after");
    const events = await openRoomEvents(kv, room, resumeFrom, visitor.memberId);
    return withVisitorCookie(sseResponse(request, events), visitor.setCookie);
  } catch (error) {
    return errorResponse(error);
  }
}
