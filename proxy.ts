// Runs before the router for:
// - pages: a Content-Security-Policy with a nonce of the request's own (lib/security/
//   page-csp.ts);
// - the API: a wrong method or an unknown path gets the API's JSON error (Next's own are an
//   empty 405 and the HTML 404 page), and a write sent by another site's page is refused
//   (lib/http/cross-site.ts) before any route handler runs: one place for every route;
// - any path with a %-escape: a broken one is a 400, not the 500 Next's router would give.
// Short-link redirects and static files are left out (their headers come from
// next.config.ts), so the hot path — a click — pays nothing for it.
import { NextResponse, type NextRequest } from "next/server";
import { allowedMethods } from "@/lib/http/api-routes";
import { crossSiteResponse, isCrossSiteWrite } from "@/lib/http/cross-site";
import { jsonError } from "@/lib/http/json-error";
import { isWellEncoded } from "@/lib/http/path-encoding";
import { newNonce, pageCsp } from "@/lib/security/page-csp";

// The paths proxy.ts treats as pages: what the first matcher below selects.
const NOT_A_PAGE = /^\/(api\/|api$|s\/|_next\/|icon\.svg$|favicon\.ico$)/;

function badPath(pathname: string): Response {
  const message = "The address has a broken %-escape.";
  if (pathname.startsWith("/api/")) return jsonError(400, "bad_path", message);
  return new Response(message, {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
  });
}

function checkApi(request: NextRequest, pathname: string): Response | null {
  const allowed = allowedMethods(pathname);
  if (allowed === null) return jsonError(404, "not_found", "There is no API endpoint at this address.");
  if (!allowed.includes(request.method)) {
    return jsonError(405, "method_not_allowed", `${request.method} is not supported here; use ${allowed.join(", ")}.`, {
      Allow: allowed.join(", "),
    });
  }
  if (isCrossSiteWrite(request)) return crossSiteResponse();
  return null;
}

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  if (!isWellEncoded(pathname)) return badPath(pathname);
  if (pathname === "/api" || pathname.startsWith("/api/")) return checkApi(request, pathname) ?? NextResponse.next();
  if (NOT_A_PAGE.test(pathname)) return NextResponse.next();

  const nonce = newNonce();
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  // Next reads the nonce from the request's CSP header while it renders the page.
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Not Next's own paths (_next/: static files, images, the dev server's HMR socket).
      source: "/((?!api/|api$|s/|_next/|icon\\.svg|favicon\\.ico).*)",
      // Prefetches fetch data for a later navigation, not a document that runs scripts.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    "/api/:path*",
    "/api",
    // Only paths with a %-escape: a short code never has one, so clicks skip the proxy.
    "/((?!_next/).*%.*)",
  ],
};
