// POST /api/visitor/key: a new private key for the requesting visitor (replacing any earlier
// one), shown this once: the /links page offers it as a link to keep, which brings this
// visitor — and so its links — back to a browser whose cookies were cleared. 409 no_visitor
// without a visitor cookie (nothing to bring back).
import { errorResponse, jsonError, requestOrigin } from "@livekv/server/http";
import { getKv } from "@livekv/server/server";
import { createRestoreKey, readVisitorId } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  try {
    const kv = await getKv();
    const visitor = await readVisitorId(request, kv);
    if (visitor === null) return jsonError(409, "no_visitor", "This browser has no links to keep yet.");
    const key = await createRestoreKey(kv, visitor);
    // In the fragment: browsers never send it to a server, nor in a Referer.
    const url = `${requestOrigin(request)}/links/restore#${key}`;
    return Response.json({ key, url }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
