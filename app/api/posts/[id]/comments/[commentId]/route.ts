import { clientAddress, errorResponse, jsonError } from "@livekv/server/http";
import { authorIdOf, deleteComment, isCommentId, isPostId, takePostToken } from "@livekv/server/posts";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";
import { readVisitorId } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ id: string; commentId: string }> };

/**
 * DELETE /api/posts/{id}/comments/{commentId} → 200 { comment } (emptied, `deleted: true`):
 * only by the visitor who wrote it (403 not_yours otherwise).
 */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  const { id, commentId } = await params;
  // Named first: whoever asks, a comment that cannot exist is not found.
  if (!isPostId(id) || !isCommentId(commentId)) return jsonError(404, "not_found", "There is no such comment.");
  try {
    const kv = await getKv();
    // Only a visitor with a cookie can have written a comment: no new visitor is made here.
    const visitorId = await readVisitorId(request, kv);
    if (visitorId === null) return jsonError(403, "not_yours", "Only its author can delete a comment.");
    const decision = await takePostToken(kv, "delete", { visitorId, address: clientAddress(request) });
    if (!decision.ok) return rateLimitedResponse(decision, "deletes");
    const comment = await deleteComment(kv, id, commentId, authorIdOf(visitorId));
    return Response.json({ comment }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
