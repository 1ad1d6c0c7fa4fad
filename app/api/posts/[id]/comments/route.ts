import { clientAddress, errorResponse, readJson } from "@livekv/server/http";
import { normalizeClientId } from "@livekv/server/idempotency";
import { addCommentOnce, authorIdOf, commentBody, normalizeComment, takePostToken } from "@livekv/server/posts";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";
import { getVisitorId, type Visitor } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/posts/{id}/comments {author, text, parentId?, clientId?} → 201 { comment } (200
 * with the first comment when its clientId was sent already). With `parentId`: a reply.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const body = await readJson(request, commentBody);
  if (!body.ok) return body.response;
  let visitor: Visitor | null = null;
  let response: Response;
  try {
    // Validated before a rate token is spent: a typo should not cost a turn.
    const input = normalizeComment(body.data);
    const clientId = normalizeClientId(body.data.clientId);
    const kv = await getKv();
    visitor = await getVisitorId(request, kv);
    const subject = { visitorId: visitor.id, address: clientAddress(request) };
    const decision = await takePostToken(kv, "comment", subject);
    if (decision.ok) {
      const client = { clientId, scope: { id: visitor.id, isNew: visitor.setCookie !== null } };
      const { comment, created } = await addCommentOnce(kv, id, input, client, Date.now(), authorIdOf(visitor.id));
      response = Response.json({ comment }, { status: created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
    } else response = rateLimitedResponse(decision, "comments");
  } catch (error) {
    response = errorResponse(error);
  }
  // Even on a refusal: the new visitor is paid for (lib/visitor), and without its cookie
  // the next request would be a new visitor again.
  if (visitor?.setCookie) response.headers.append("Set-Cookie", visitor.setCookie);
  return response;
}
