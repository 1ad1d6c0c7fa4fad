// A visitor is a random id in an HTTP-only cookie. No account, no sign-in: the id only
// lets the app show a browser the links it created. HttpOnly keeps page scripts from
// reading it; SameSite=Lax keeps it off cross-site subresource and POST requests.

import { randomBytes } from "node:crypto";
import { requestOrigin } from "@/lib/http/origin";

export const VISITOR_COOKIE = "lkv_vid";
// 128 random bits, base64url: unguessable, and safe in a cookie and in a KV key.
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
// Browsers cap cookie lifetime at 400 days anyway.
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The visitor id from the request's cookie, or null for a new visitor (or a forged value). */
export function readVisitorId(request: Request): string | null {
  const value = readCookie(request, VISITOR_COOKIE);
  return value !== null && ID_PATTERN.test(value) ? value : null;
}

export function newVisitorId(): string {
  return randomBytes(16).toString("base64url");
}

/** The Set-Cookie header value that gives a browser this visitor id. */
export function visitorCookie(id: string, options: { secure: boolean }): string {
  const parts = [`${VISITOR_COOKIE}=${id}`, "Path=/", `Max-Age=${MAX_AGE_SECONDS}`, "HttpOnly", "SameSite=Lax"];
  // Secure only over https: over plain http (local development) the browser would drop it.
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export interface Visitor {
  id: string;
  /** A Set-Cookie value to add to the response when this request made a new visitor; else null. */
  setCookie: string | null;
}

/** The request's visitor, making a new one (with its cookie) when the request has none. */
export function getVisitorId(request: Request): Visitor {
  const existing = readVisitorId(request);
  if (existing !== null) return { id: existing, setCookie: null };
  const id = newVisitorId();
  // Behind a TLS-terminating proxy the request URL says http; requestOrigin knows better.
  const secure = requestOrigin(request).startsWith("https:");
  return { id, setCookie: visitorCookie(id, { secure }) };
}
