import { errorResponse } from "@livekv/server/http";
import { listPosts } from "@livekv/server/posts";
import { getKv } from "@livekv/server/server";
import { readVisitorId } from "@livekv/server/visitor";

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
