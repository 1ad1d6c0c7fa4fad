// Runs before every page request: gives the page a Content-Security-Policy with a nonce of
// its own (see lib/security/page-csp.ts). API routes, short-link redirects and static files
// are left out (they get a fixed policy from next.config.ts), so the hot paths — SSE,
// redirects, clicks — pay nothing for it.
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageCsp } from "@/lib/security/page-csp";

export function proxy(request: NextRequest): NextResponse {
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
      source: "/((?!api/|s/|_next/static|_next/image|icon\\.svg|favicon\\.ico).*)",
      // Prefetches fetch data for a later navigation, not a document that runs scripts.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
