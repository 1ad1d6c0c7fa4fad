import { errorResponse, jsonError } from "@livekv/server/http";
import { getPostPage } from "@livekv/server/posts";
import { getKv } from "@livekv/server/server";
import { readVisitorId } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/posts/{id} → PostPage: the post, its counts, the visitor's like, the newest comments. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  try {
    const kv = await getKv();
    const page = await getPostPage(kv, id, await readVisitorId(request, kv));
    if (page === null) return jsonError(404, "not_found", "There is no such post.");
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
