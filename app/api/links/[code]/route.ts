// GET /api/links/{code}?range=&tz=&<filters>: the link, its current stats and the view of
// the range asked for (lib/links/analytics/query.ts), and `owner`: whether the requesting
// visitor created it (so a page can offer the controls; the owner's id never leaves). PATCH {url?, paused?}: change its
// target or pause it; DELETE: delete it with all its analytics. Only its owner (the visitor
// whose signed cookie created it) may PATCH or DELETE: 403 not_owner for anyone else.
import { errorResponse, jsonError, readJson, requestOrigin } from "@livekv/server/http";
import { deleteLink, getLinkAnalytics, LinkError, ownsLink, parseAnalyticsQuery, publicLink, shortUrl, updateLink, updateLinkBody } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";
import { readVisitorId } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface Context {
  params: Promise<{ code: string }>;
}

export async function GET(request: Request, context: Context): Promise<Response> {
  const { code } = await context.params;
  const parsed = parseAnalyticsQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(422, parsed.code, parsed.message);
  try {
    const kv = await getKv();
    const analytics = await getLinkAnalytics(kv, code, parsed.query);
    if (analytics === null) return jsonError(404, "not_found", "There is no short link with that code.");
    const owner = await ownsLink(kv, code, await readVisitorId(request, kv));
    return Response.json(
      { ...analytics.stats, view: analytics.view, shortUrl: shortUrl(requestOrigin(request), analytics.stats.link.code), owner },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** The requesting visitor, or a LinkError: without a valid cookie no one owns anything. */
async function requester(request: Request): Promise<string> {
  const visitor = await readVisitorId(request, await getKv());
  if (visitor === null) throw new LinkError("not_owner", "Only the visitor who created this link can change it.");
  return visitor;
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  const { code } = await context.params;
  const body = await readJson(request, updateLinkBody);
  if (!body.ok) return body.response;
  try {
    const origin = requestOrigin(request);
    const link = await updateLink(await getKv(), code, await requester(request), body.data, origin);
    return Response.json(
      { ...publicLink(link, Date.now()), shortUrl: shortUrl(origin, link.code) },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  const { code } = await context.params;
  try {
    await deleteLink(await getKv(), code, await requester(request));
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
