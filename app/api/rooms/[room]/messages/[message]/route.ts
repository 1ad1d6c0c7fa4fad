// PATCH /api/rooms/{room}/messages/{message} {text}: its author edits a message → 200 with it.
// DELETE the same: its author deletes it → 200 with what is left (deleted: true).
// 403 not_your_message for anyone else (the author is the visitor of the signed cookie); both
// count against the sender's message budget (429 past it).
import { chatVisitor, deleteMessage, editMessage, editMessageBody, takeChatToken, withVisitorCookie, type ChatVisitor } from "@livekv/server/chat";
import { errorResponse, readJson } from "@livekv/server/http";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ room: string; message: string }> };
type Kv = Awaited<ReturnType<typeof getKv>>;

async function change(request: Request, run: (kv: Kv, visitor: ChatVisitor) => Promise<{ message: unknown }>): Promise<Response> {
  try {
    const kv = await getKv();
    const visitor = await chatVisitor(request, kv);
    const decision = await takeChatToken(kv, "chat-message", visitor.sender);
    if (!decision.ok) return withVisitorCookie(rateLimitedResponse(decision, "messages"), visitor.setCookie);
    const { message } = await run(kv, visitor);
    return withVisitorCookie(Response.json(message, { headers: { "Cache-Control": "no-store" } }), visitor.setCookie);
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  const { room, message } = await context.params;
  const body = await readJson(request, editMessageBody);
  if (!body.ok) return body.response;
  return change(request, (kv, visitor) => editMessage(kv, room, message, body.data.text, visitor.memberId));
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  const { room, message } = await context.params;
  return change(request, (kv, visitor) => deleteMessage(kv, room, message, visitor.memberId));
}
