import { clientAddress, errorResponse, readJson } from "@/lib/http";
import { addComment, commentBody, normalizeComment, takePostToken } from "@/lib/posts";
import { rateLimitedResponse } from "@/lib/rate-limit";
import { getKv } from "@/lib/server/kv";
import { getVisitorId, type Visitor } from "@/lib/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/posts/{id}/comments {author, text} → 201 { comment }. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const body = await readJson(request, commentBody);
  if (!body.ok) return body.response;
  let visitor: Visitor | null = null;
  let response: Response;
  try {
    // Validated before a rate token is spent: a typo should not cost a turn.
    const input = normalizeComment(body.data);
    const kv = await getKv();
    visitor = await getVisitorId(request, kv);
    const subject = { visitorId: visitor.id, isNew: visitor.setCookie !== null, address: clientAddress(request) };
    const decision = await takePostToken(kv, "comment", subject);
    response = decision.ok
      ? Response.json({ comment: await addComment(kv, id, input) }, { status: 201, headers: { "Cache-Control": "no-store" } })
      : rateLimitedResponse(decision, "comments");
  } catch (error) {
    response = errorResponse(error);
  }
  // Even on a refusal: otherwise the next request is a new visitor again.
  if (visitor?.setCookie) response.headers.append("Set-Cookie", visitor.setCookie);
  return response;
}
