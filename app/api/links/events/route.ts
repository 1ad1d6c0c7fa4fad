// GET /api/links/events?codes=a,b,c: live click counts for the /links list, as Server-Sent
// Events ("counts", data = { code: clicks }), the full map first and after every change.
import { errorResponse, jsonError } from "@/lib/http";
import { parseCodesParam, watchClickCounts } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import { mapSource, sseResponse } from "@/lib/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseCodesParam(new URL(request.url).searchParams.get("codes"));
  if (!parsed.ok) return jsonError(422, "invalid_codes", parsed.message);
  try {
    const kv = await getKv();
    const updates = watchClickCounts(kv, parsed.codes, request.signal);
    return sseResponse(
      request,
      mapSource(updates, (update) => ({ id: update.id, event: "counts", data: update.counts })),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
