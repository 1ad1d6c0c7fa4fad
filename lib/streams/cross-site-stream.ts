// Live streams are for this app's own pages. A page on another site can open one too (an
// EventSource, a fetch): its browser sends no visitor cookie (SameSite=Lax), so a chat
// room's stream would make a new visitor — spending the address's new-visitor budget — and
// show them present in a room they never opened, as many times as the page likes. So a stream
// a browser says another site opened is refused before anything else (no visitor read or
// made, no cap counted), by the rule cross-site writes meet (lib/http/cross-site.ts). The
// app's pages open their streams same-origin; curl and servers send neither header and pass.
// Asked first by both carriers of an endpoint: its route handler and the node:http front.

import { crossSiteResponse, isFromAnotherSite } from "@/lib/http/cross-site";

/** The 403 `cross_site` for a stream another site's page opened, or null to go on. */
export function refuseCrossSiteStream(request: Request): Response | null {
  if (!isFromAnotherSite(request)) return null;
  return crossSiteResponse("This live stream was opened by another site's page. Live streams serve only this app's own pages.");
}
