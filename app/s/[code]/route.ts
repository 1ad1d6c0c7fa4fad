// GET|HEAD /s/{code}: the redirect. One Redis round trip for a known link (the click
// commit); HEAD requests and bots are counted as bot hits and still redirected. A target that
// is a short link on the host the visitor came in by is not followed (403, nothing counted). Behind a
// trusted proxy, clicks past one address's rate on one link count as bot hits too, at the
// cost of one more round trip: that check is kept off the self-hosted hot path, where a click
// stays one round trip, until it can ride in the click's own commit.
import { clientAddress, isRedisUnavailable, requestHosts, trustProxy } from "@livekv/server/http";
import { logError } from "@livekv/server/log";
import { blockedPage, clickCounts, expiredPage, followLink, notFoundPage, readVisit } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ code: string }> };

function htmlResponse(request: Request, status: number, html: string): Response {
  return new Response(request.method === "HEAD" ? null : html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

async function follow(request: Request, context: Context): Promise<Response> {
  const { code } = await context.params;
  try {
    const kv = await getKv();
    const address = clientAddress(request);
    let visit = await readVisit(kv, request, address);
    const rated = !visit.isBot && trustProxy();
    if (rated && !(await clickCounts(kv, code, address))) visit = { ...visit, isBot: true };
    const outcome = await followLink(kv, code, visit, { hosts: requestHosts(request) });
    switch (outcome.kind) {
      case "redirect":
        // no-store: every visit must reach us to be counted, never a cached redirect.
        return new Response(null, { status: 302, headers: { Location: outcome.url, "Cache-Control": "no-store" } });
      case "expired":
        return htmlResponse(request, 410, expiredPage(code, outcome.link.expiresAt));
      case "not_found":
        return htmlResponse(request, 404, notFoundPage(code));
      case "blocked":
        return htmlResponse(request, 403, blockedPage(code, outcome.reason));
    }
  } catch (error) {
    // An outage is the operator's to see in Redis's own reports, once, not once per click.
    if (!isRedisUnavailable(error)) logError("redirect failed", error);
    return htmlResponse(
      request,
      503,
      "<!doctype html><title>Try again</title><p>Short links are unavailable for a moment. Please try again.</p>",
    );
  }
}

export function GET(request: Request, context: Context): Promise<Response> {
  return follow(request, context);
}

export function HEAD(request: Request, context: Context): Promise<Response> {
  return follow(request, context);
}
