// GET /api/links/{code}/export?range=&tz=&<filters>: the clicks of a range (and filters) as a
// CSV download, oldest first, at most the click log's bound (10,000 rows).
import { errorResponse, jsonError } from "@livekv/server/http";
import { exportClicks, parseAnalyticsQuery } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await context.params;
  const parsed = parseAnalyticsQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(422, parsed.code, parsed.message);
  try {
    const exported = await exportClicks(await getKv(), code, parsed.query);
    if (exported === null) return jsonError(404, "not_found", "There is no short link with that code.");
    return new Response(exported.csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        // The code is [A-Za-z0-9_-] (lib/links/validate.ts): safe in a quoted file name.
        "Content-Disposition": `attachment; filename="${exported.filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
