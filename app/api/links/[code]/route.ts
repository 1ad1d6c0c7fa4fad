// GET /api/links/{code}?range=&tz=&<filters>: the link, its current stats and the view of
// the range asked for (lib/links/analytics/query.ts).
import { errorResponse, jsonError, requestOrigin } from "@livekv/server/http";
import { getLinkAnalytics, parseAnalyticsQuery, shortUrl } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await context.params;
  const parsed = parseAnalyticsQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(422, parsed.code, parsed.message);
  try {
    const analytics = await getLinkAnalytics(await getKv(), code, parsed.query);
    if (analytics === null) return jsonError(404, "not_found", "There is no short link with that code.");
    return Response.json(
      { ...analytics.stats, view: analytics.view, shortUrl: shortUrl(requestOrigin(request), code) },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
