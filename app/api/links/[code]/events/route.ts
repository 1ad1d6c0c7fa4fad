// GET /api/links/{code}/events: the link's stats as Server-Sent Events ("stats", id = the
// stats' versionstamp): the current stats first, then after every click. All connections
// to one code in this process share one watch and one stats read per change.
import { errorResponse, jsonError } from "@/lib/http";
import { resolveLink, watchLinkStats } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import { mapSource, sseResponse } from "@/lib/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await context.params;
  try {
    const kv = await getKv();
    // A plain 404 rather than a stream that never says anything.
    if ((await resolveLink(kv, code)) === null) {
      return jsonError(404, "not_found", "There is no short link with that code.");
    }
    const updates = watchLinkStats(kv, code, request.signal);
    return sseResponse(
      request,
      mapSource(updates, (update) => ({ id: update.id, event: "stats", data: update.stats })),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
