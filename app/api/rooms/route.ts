// GET /api/rooms: the rooms, most recently active first, with online counts.
// POST /api/rooms {name, clientId?}: create a room → 201 with it (200 with the first room when
// its clientId was sent already); 409 if the name is taken.
import { createRoomOnce, createRoomBody, loadRooms, chatVisitor, takeChatToken, withVisitorCookie } from "@livekv/server/chat";
import { errorResponse, readJson } from "@livekv/server/http";
import { normalizeClientId } from "@livekv/server/idempotency";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(): Promise<Response> {
  try {
    const snapshot = await loadRooms(await getKv());
    return Response.json(snapshot, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request): Promise<Response> {
  const body = await readJson(request, createRoomBody);
  if (!body.ok) return body.response;
  try {
    const clientId = normalizeClientId(body.data.clientId);
    const kv = await getKv();
    const visitor = await chatVisitor(request, kv);
    const decision = await takeChatToken(kv, "chat-room", visitor.sender);
    if (!decision.ok) return withVisitorCookie(rateLimitedResponse(decision, "new rooms"), visitor.setCookie);
    const client = { clientId, scope: { id: visitor.memberId, isNew: visitor.setCookie !== null } };
    const { room, created } = await createRoomOnce(kv, body.data.name, client);
    const headers = { "Cache-Control": "no-store", Location: `/api/rooms/${room.id}` };
    return withVisitorCookie(Response.json(room, { status: created ? 201 : 200, headers }), visitor.setCookie);
  } catch (error) {
    return errorResponse(error);
  }
}
