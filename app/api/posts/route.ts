import { clientAddress, errorResponse, readJson } from "@livekv/server/http";
import { normalizeClientId } from "@livekv/server/idempotency";
import { createPostOnce, listPosts, normalizePost, postBody, takePostToken } from "@livekv/server/posts";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";
import { getVisitorId, readVisitorId, type Visitor } from "@livekv/server/visitor";

// Counts change every second; a cached list would be wrong at once.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/posts → { posts: PostSummary[] }, newest first. */
export async function GET(request: Request): Promise<Response> {
  try {
    const kv = await getKv();
    const posts = await listPosts(kv, await readVisitorId(request, kv));
    return Response.json({ posts }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * POST /api/posts {author, title, body, clientId?} → 201 { post } (200 with the first post
 * when its clientId was sent already). `body` is Markdown (lib/posts/markdown's subset).
 */
export async function POST(request: Request): Promise<Response> {
  const body = await readJson(request, postBody);
  if (!body.ok) return body.response;
  let visitor: Visitor | null = null;
  let response: Response;
  try {
    // Validated before a rate token is spent: a typo should not cost a turn.
    const input = normalizePost(body.data);
    const clientId = normalizeClientId(body.data.clientId);
    const kv = await getKv();
    visitor = await getVisitorId(request, kv);
    const decision = await takePostToken(kv, "post", { visitorId: visitor.id, address: clientAddress(request) });
    if (decision.ok) {
      const client = { clientId, scope: { id: visitor.id, isNew: visitor.setCookie !== null } };
      const { post, created } = await createPostOnce(kv, input, client);
      response = Response.json({ post }, { status: created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
    } else response = rateLimitedResponse(decision, "posts");
  } catch (error) {
    response = errorResponse(error);
  }
  // Even on a refusal: the new visitor is paid for (lib/visitor), and without its cookie
  // the next request would be a new visitor again.
  if (visitor?.setCookie) response.headers.append("Set-Cookie", visitor.setCookie);
  return response;
}
