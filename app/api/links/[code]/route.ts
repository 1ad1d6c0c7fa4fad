// GET /api/links/{code}: the link and its current stats.
import { errorResponse, jsonError, requestOrigin } from "@livekv/server/http";
import { getLinkStats, shortUrl } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await context.params;
  try {
    const stats = await getLinkStats(await getKv(), code);
    if (stats === null) return jsonError(404, "not_found", "There is no short link with that code.");
    return Response.json(
      { ...stats, shortUrl: shortUrl(requestOrigin(request), code) },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
