// Writes from other sites' pages are refused. A page anywhere can make a visitor's browser
// send a form POST, or a no-cors fetch, to this app; SameSite=Lax keeps the visitor's cookie
// off it, so such a request would act as a new visitor and, worse, its response would
// replace the visitor's cookie (their links list gone). A body-less POST such as a like is
// not even stopped by the JSON-only check. So every state-changing API request must come
// from the app's own pages: the browser says where a request comes from in Sec-Fetch-Site
// (every current browser), else in Origin. A request with neither (curl, a server, a
// script) is no browser acting for a visitor, and is let through. Live streams, though
// reads, are held to the same rule (lib/streams/cross-site-stream.ts): opening one can make
// a new visitor and shows them present in a room.

import { jsonError } from "./json-error";
import { requestOrigin } from "./origin";

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether `request` changes state and was sent by a page of another site (or another origin). */
export function isCrossSiteWrite(request: Request): boolean {
  return !SAFE_METHODS.has(request.method) && isFromAnotherSite(request);
}

/** Whether a browser says `request` was sent by a page of another site (or another origin). */
export function isFromAnotherSite(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  // "same-site" too: a sibling subdomain is not this app's page.
  if (site !== null) return site !== "same-origin" && site !== "none";
  const origin = request.headers.get("origin");
  // Origin "null" (a sandboxed frame, a privacy-sensitive redirect) is nobody we know.
  return origin !== null && origin !== requestOrigin(request);
}

const WRITE_REFUSED = "This request came from another site's page. The API takes changes only from this app's own pages.";

/** The 403 for a cross-site request (a write, by default): nothing was done, and no cookie is set. */
export function crossSiteResponse(message = WRITE_REFUSED): Response {
  return jsonError(403, "cross_site", message);
}
