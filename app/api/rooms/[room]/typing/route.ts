// POST /api/rooms/{room}/typing {typing?: boolean}: "I am typing" (for the next few seconds)
// or "I stopped" → 204.
import { chatVisitor, setTyping, takeChatToken, typingBody, withVisitorCookie } from "@livekv/server/chat";
import { errorResponse, readJson } from "@livekv/server/http";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ room: string }> }): Promise<Response> {
  const { room } = await context.params;
  const body = await readJson(request, typingBody);
  if (!body.ok) return body.response;
  try {
    const kv = await getKv();
    const visitor = await chatVisitor(request, kv);
    const decision = await takeChatToken(kv, "chat-signal", visitor.sender);
    if (!decision.ok) return withVisitorCookie(rateLimitedResponse(decision, "typing updates"), visitor.setCookie);
    await setTyping(kv, room, visitor.memberId, body.data.typing);
    return withVisitorCookie(new Response(null, { status: 204 }), visitor.setCookie);
  } catch (error) {
    return errorResponse(error);
  }
}
