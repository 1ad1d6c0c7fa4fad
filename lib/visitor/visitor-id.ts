// A visitor is a random id in an HTTP-only cookie, signed by the server (./signature.ts) so
// that it cannot be made up. No account, no sign-in: the id lets the app show a browser the
// links it created, count one like per visitor, and give each visitor a rate limit of its
// own. HttpOnly keeps page scripts from reading it; SameSite=Lax keeps it off cross-site
// subresource and POST requests. The id, never the signed value, is what the app stores.

import { randomBytes } from "node:crypto";
import type { Kv } from "@/lib/kv";
import { clientAddress } from "@/lib/http/client-address";
import { requestOrigin } from "@/lib/http/origin";
import { payForNewVisitor } from "./new-visitor-rate";
import { visitorSecret } from "./secret";
import { signVisitorId, verifyVisitorValue } from "./signature";

export const VISITOR_COOKIE = "lkv_vid";
// Browsers cap cookie lifetime at 400 days anyway.
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/** What reading a cookie needs of a request (a web Request, or a node:http front's view of one). */
type WithHeaders = { readonly headers: { get(name: string): string | null } };

function readCookie(request: WithHeaders, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The visitor id from the request's cookie, or null for a new visitor (or a forged or altered value). */
export async function readVisitorId(request: WithHeaders, kv: Kv): Promise<string | null> {
  const value = readCookie(request, VISITOR_COOKIE);
  return value === null ? null : verifyVisitorValue(value, await visitorSecret(kv));
}

export function newVisitorId(): string {
  return randomBytes(16).toString("base64url");
}

/** The Set-Cookie header value that gives a browser this (signed) cookie value. */
function visitorCookie(value: string, options: { secure: boolean }): string {
  const parts = [`${VISITOR_COOKIE}=${value}`, "Path=/", `Max-Age=${MAX_AGE_SECONDS}`, "HttpOnly", "SameSite=Lax"];
  // Secure only over https: over plain http (local development) the browser would drop it.
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export interface Visitor {
  id: string;
  /** A Set-Cookie value to add to the response when this request made a new visitor; else null. */
  setCookie: string | null;
}

/**
 * The request's visitor, making a new one (with its cookie) when the request has no valid
 * one — paid for from its address's new-visitor budget (./new-visitor-rate.ts): past it,
 * throws RateLimitedError, which lib/http's errorResponse answers with a 429 and no cookie.
 */
export async function getVisitorId(request: Request, kv: Kv): Promise<Visitor> {
  const secret = await visitorSecret(kv);
  const value = readCookie(request, VISITOR_COOKIE);
  const existing = value === null ? null : verifyVisitorValue(value, secret);
  if (existing !== null) return { id: existing, setCookie: null };
  await payForNewVisitor(kv, clientAddress(request));
  const id = newVisitorId();
  // Behind a TLS-terminating proxy the request URL says http; requestOrigin knows better.
  const secure = requestOrigin(request).startsWith("https:");
  return { id, setCookie: visitorCookie(signVisitorId(id, secret), { secure }) };
}
