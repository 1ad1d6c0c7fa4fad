// PUT /api/rooms/{room}/messages/{message}/reactions/{reaction}: add your reaction (one of
// REACTIONS: like, love, laugh, wow, sad, party) → 200 with the message; DELETE the same:
// take it back. Both idempotent: a double click cannot leave the wrong state. Rate limited
// per sender like messages (429).
import { chatVisitor, setReaction, takeChatToken, withVisitorCookie } from "@livekv/server/chat";
import { errorResponse } from "@livekv/server/http";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ room: string; message: string; reaction: string }> };

async function react(request: Request, context: Context, on: boolean): Promise<Response> {
  const { room, message, reaction } = await context.params;
  try {
    const kv = await getKv();
    const visitor = await chatVisitor(request, kv);
    const decision = await takeChatToken(kv, "chat-reaction", visitor.sender);
    if (!decision.ok) return withVisitorCookie(rateLimitedResponse(decision, "reactions"), visitor.setCookie);
    const result = await setReaction(kv, room, message, reaction, on, visitor.memberId);
    return withVisitorCookie(Response.json(result.message, { headers: { "Cache-Control": "no-store" } }), visitor.setCookie);
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PUT(request: Request, context: Context): Promise<Response> {
  return react(request, context, true);
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return react(request, context, false);
}
