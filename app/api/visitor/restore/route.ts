// POST /api/visitor/restore {key}: this browser becomes the visitor the private key belongs to
// (its cookie is set), and so gets its links back. 404 unknown_key for a key that is wrong or
// was replaced by a newer one.
import { errorResponse, jsonError, readJson } from "@livekv/server/http";
import { getKv } from "@livekv/server/server";
import { restoreBody, restoreVisitorCookie, visitorOfRestoreKey } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  const body = await readJson(request, restoreBody);
  if (!body.ok) return body.response;
  try {
    const kv = await getKv();
    const visitor = await visitorOfRestoreKey(kv, body.data.key);
    if (visitor === null) return jsonError(404, "unknown_key", "That private link is not valid (or a newer one replaced it).");
    const headers = new Headers({ "Cache-Control": "no-store" });
    headers.append("Set-Cookie", await restoreVisitorCookie(request, kv, visitor));
    return Response.json({ restored: true }, { headers });
  } catch (error) {
    return errorResponse(error);
  }
}
