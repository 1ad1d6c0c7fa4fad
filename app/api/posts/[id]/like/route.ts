import { clientAddress, errorResponse } from "@livekv/server/http";
import { likePost, takePostToken, unlikePost } from "@livekv/server/posts";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";
import { getVisitorId, type Visitor } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ id: string }> };

async function answer(request: Request, { params }: Context, like: boolean): Promise<Response> {
  const { id } = await params;
  let visitor: Visitor | null = null;
  let response: Response;
  try {
    const kv = await getKv();
    // A like needs a visitor; the first one makes it (and its cookie).
    visitor = await getVisitorId(request, kv);
    const subject = { visitorId: visitor.id, address: clientAddress(request) };
    const decision = await takePostToken(kv, "like", subject);
    response = decision.ok
      ? Response.json(await (like ? likePost : unlikePost)(kv, id, visitor.id), { headers: { "Cache-Control": "no-store" } })
      : rateLimitedResponse(decision, "likes");
  } catch (error) {
    response = errorResponse(error);
  }
  // Even on a refusal: the new visitor is paid for (lib/visitor), and without its cookie
  // the next request would be a new visitor again.
  if (visitor?.setCookie) response.headers.append("Set-Cookie", visitor.setCookie);
  return response;
}

/** POST /api/posts/{id}/like → { liked: true, likes, version }. Idempotent. */
export function POST(request: Request, context: Context): Promise<Response> {
  return answer(request, context, true);
}

/** DELETE /api/posts/{id}/like → { liked: false, likes, version }. Idempotent. */
export function DELETE(request: Request, context: Context): Promise<Response> {
  return answer(request, context, false);
}
