// GET /api/rooms/{room}/messages?before=&after=&limit=: a page of messages, oldest first.
// POST /api/rooms/{room}/messages {author, text, clientId?}: send → 201 with the stored
// message (200 with the earlier one if this clientId was sent already); 429 past the rate.
import {
  chatVisitor,
  listMessages,
  messagesQuery,
  sendMessage,
  sendMessageBody,
  takeChatToken,
  withVisitorCookie,
} from "@livekv/server/chat";
import { errorResponse, jsonError, readJson } from "@livekv/server/http";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ room: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  const { room } = await context.params;
  const query = messagesQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return jsonError(400, "invalid_query", query.error.issues.map((issue) => issue.message).join("; "));
  try {
    const page = await listMessages(await getKv(), room, query.data);
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request, context: Context): Promise<Response> {
  const { room } = await context.params;
  const body = await readJson(request, sendMessageBody);
  if (!body.ok) return body.response;
  try {
    const kv = await getKv();
    const visitor = await chatVisitor(request, kv);
    const decision = await takeChatToken(kv, "chat-message", visitor.sender);
    if (!decision.ok) return withVisitorCookie(rateLimitedResponse(decision, "messages"), visitor.setCookie);
    const sender = { id: visitor.memberId, isNew: visitor.setCookie !== null };
    const { message, created } = await sendMessage(kv, room, body.data, sender);
    const response = Response.json(message, { status: created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
    return withVisitorCookie(response, visitor.setCookie);
  } catch (error) {
    return errorResponse(error);
  }
}
