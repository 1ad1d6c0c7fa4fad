// POST /api/rooms/{room}/presence {name}: the name this visitor shows under in the room's
// presence list → 200 {name} (as stored: trimmed).
import { chatVisitor, presenceBody, setPresenceName, takeChatToken, withVisitorCookie } from "@livekv/server/chat";
import { errorResponse, readJson } from "@livekv/server/http";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ room: string }> }): Promise<Response> {
  const { room } = await context.params;
  const body = await readJson(request, presenceBody);
  if (!body.ok) return body.response;
  try {
    const kv = await getKv();
    const visitor = await chatVisitor(request, kv);
    const decision = await takeChatToken(kv, "chat-signal", visitor.sender);
    if (!decision.ok) return withVisitorCookie(rateLimitedResponse(decision, "name changes"), visitor.setCookie);
    const name = await setPresenceName(kv, room, visitor.memberId, body.data.name);
    return withVisitorCookie(Response.json({ name }, { headers: { "Cache-Control": "no-store" } }), visitor.setCookie);
  } catch (error) {
    return errorResponse(error);
  }
}
