import { errorResponse } from "@/lib/http";
import { parseCursor, watchPost } from "@/lib/posts";
import { getKv } from "@/lib/server/kv";
import { lastEventId, mapSource, sseResponse } from "@/lib/sse";
import { readVisitorId } from "@/lib/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/posts/{id}/events → SSE. `counts` events `{ likes, comments, liked, version }`
 * (the full state first, then on every change) and `comments` events `{ comments: [...] }`
 * with each comment committed after the resume point. Every event's id is the comment
 * cursor, so Last-Event-ID (or ?lastEventId=) resumes without a gap or a repeat.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  try {
    const updates = await watchPost(await getKv(), id, {
      visitorId: readVisitorId(request),
      since: parseCursor(lastEventId(request)),
    });
    return sseResponse(
      request,
      mapSource(updates, (update) =>
        update.kind === "counts"
          ? { id: update.cursor, event: "counts", data: update.counts }
          : { id: update.cursor, event: "comments", data: { comments: update.comments } },
      ),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
