// POST /api/links {url, code?, expireIn?, clientId?}: create a short link → 201 (200 with the
// first link when its clientId was sent already; 429 past the visitor's rate). GET
// /api/links: the visitor's own links.
import { clientAddress, errorResponse, readJson, requestOrigin } from "@livekv/server/http";
import { normalizeClientId } from "@livekv/server/idempotency";
import {
  createLinkBody,
  createLinkOnce,
  listVisitorLinks,
  shortUrl,
  takeLinkToken,
  validateCustomCode,
  validateExpireIn,
  validateTargetUrl,
} from "@livekv/server/links";
import { rateLimitedResponse } from "@livekv/server/rate-limit";
import { getKv } from "@livekv/server/server";
import { getVisitorId, readVisitorId } from "@livekv/server/visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  const body = await readJson(request, createLinkBody);
  if (!body.ok) return body.response;
  try {
    const origin = requestOrigin(request);
    // Validated before a rate token is spent: a typo should not cost a turn.
    validateTargetUrl(body.data.url, origin);
    if (body.data.code) validateCustomCode(body.data.code);
    if (body.data.expireIn != null) validateExpireIn(body.data.expireIn);
    normalizeClientId(body.data.clientId);
    const kv = await getKv();
    const visitor = await getVisitorId(request, kv);
    const subject = { visitorId: visitor.id, address: clientAddress(request) };
    const decision = await takeLinkToken(kv, subject);
    if (!decision.ok) {
      const refused = rateLimitedResponse(decision, "new links");
      // Even on a refusal: the new visitor is paid for (lib/visitor), and without its
      // cookie the next request would be a new visitor again.
      if (visitor.setCookie) refused.headers.append("Set-Cookie", visitor.setCookie);
      return refused;
    }
    const { link, created } = await createLinkOnce(kv, body.data, {
      owner: visitor.id,
      newVisitor: visitor.setCookie !== null,
      appOrigin: origin,
    });
    const headers = new Headers({ "Cache-Control": "no-store", Location: `/api/links/${link.code}` });
    if (visitor.setCookie) headers.append("Set-Cookie", visitor.setCookie);
    return Response.json(
      {
        code: link.code,
        url: link.url,
        shortUrl: shortUrl(origin, link.code),
        createdAt: link.createdAt,
        expiresAt: link.expiresAt,
      },
      { status: created ? 201 : 200, headers },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

export async function GET(request: Request): Promise<Response> {
  try {
    // Listing needs no new visitor: a browser without the cookie simply has no links yet.
    const kv = await getKv();
    const visitorId = await readVisitorId(request, kv);
    const origin = requestOrigin(request);
    const links = visitorId === null ? [] : await listVisitorLinks(kv, visitorId);
    return Response.json(
      { links: links.map((link) => ({ ...link, shortUrl: shortUrl(origin, link.code) })) },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
