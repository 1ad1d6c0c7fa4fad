// GET|HEAD /s/{code}, the redirect, as an answer to send — whoever sends it: the app's server
// before Next (./redirect-front.ts) or the route handler (app/s/[code]/route.ts), wherever
// the app runs without that server. One Redis round trip for a known link (the click commit);
// HEAD requests and bots are counted as bot hits and still redirected. A target that is a
// short link on the host the visitor came in by is not followed (403, nothing counted).
// Behind a trusted proxy, clicks past one address's rate on one link count as bot hits too,
// at the cost of one more round trip: that check is kept off the self-hosted hot path, where a
// click stays one round trip, until it can ride in the click's own commit.

import type { Kv } from "@/lib/kv";
import { clientAddress, isRedisUnavailable, requestHosts, trustProxy, type RequestHead } from "@/lib/http";
import { logError } from "@/lib/log";
import { clickCounts } from "./click-rate";
import { followLink } from "./follow";
import { blockedPage, expiredPage, notFoundPage } from "./status-page";
import { readVisit } from "./read-visit";

export type RedirectAnswer =
  | { status: 302; location: string }
  | { status: 403 | 404 | 410 | 503; html: string };

const UNAVAILABLE_PAGE =
  "<!doctype html><title>Try again</title><p>Short links are unavailable for a moment. Please try again.</p>";

/** What to answer a visit to /s/{code}; a Redis outage (or any failure) is the 503 page, never a throw. */
export async function answerRedirect(getKv: () => Promise<Kv>, request: RequestHead, code: string): Promise<RedirectAnswer> {
  try {
    const kv = await getKv();
    const address = clientAddress(request);
    let visit = await readVisit(kv, request, address);
    const rated = !visit.isBot && trustProxy();
    if (rated && !(await clickCounts(kv, code, address))) visit = { ...visit, isBot: true };
    const outcome = await followLink(kv, code, visit, { hosts: requestHosts(request) });
    switch (outcome.kind) {
      case "redirect":
        return { status: 302, location: outcome.url };
      case "expired":
        return { status: 410, html: expiredPage(code, outcome.link.expiresAt) };
      case "not_found":
        return { status: 404, html: notFoundPage(code) };
      case "blocked":
        return { status: 403, html: blockedPage(code, outcome.reason) };
    }
  } catch (error) {
    // An outage is the operator's to see in Redis's own reports, once, not once per click.
    if (!isRedisUnavailable(error)) logError("redirect failed", error);
    return { status: 503, html: UNAVAILABLE_PAGE };
  }
}

/** The answer's own headers (the app's security headers come on top, as for every response). */
export function redirectHeaders(answer: RedirectAnswer): Record<string, string> {
  // no-store: every visit must reach us to be counted, never a cached redirect.
  if (answer.status === 302) return { Location: answer.location, "Cache-Control": "no-store" };
  return { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
}
