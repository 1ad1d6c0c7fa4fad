import { errorResponse, jsonError } from "@/lib/http";
import { listPosts, parseIdsParam, watchListCounts } from "@/lib/posts";
import { getKv } from "@/lib/server/kv";
import { mapSource, sseResponse } from "@/lib/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/posts/events?ids=a,b → SSE: `counts` events `{ version, counts: { id: { likes,
 * comments } } }`, the full state first and after every change. Without `ids`: the posts
 * the list page shows.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const kv = await getKv();
    const param = new URL(request.url).searchParams.get("ids");
    let ids: string[];
    if (param === null) {
      ids = (await listPosts(kv, null)).map((post) => post.id);
    } else {
      const parsed = parseIdsParam(param);
      if (!parsed.ok) return jsonError(400, "invalid_ids", parsed.message);
      ids = parsed.ids;
    }
    if (ids.length === 0) return jsonError(404, "not_found", "There are no posts to watch.");
    const updates = watchListCounts(kv, ids);
    return sseResponse(
      request,
      mapSource(updates, (state) => ({ id: state.version || "0", event: "counts", data: state })),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
