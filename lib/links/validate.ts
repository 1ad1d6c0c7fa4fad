// The rules for what a short link may point at and be called. They live here, not in the
// route, so every caller of createLink gets them.

import { LinkError } from "./errors";
import { withDefaultScheme } from "@/lib/api/default-scheme";
import { isOwnShortLink } from "./own-short-link";

export { withDefaultScheme };

export const MAX_URL_LENGTH = 2048;
export const CUSTOM_CODE_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;
export const MIN_EXPIRE_IN_MS = 1_000;
export const MAX_EXPIRE_IN_MS = 365 * 24 * 60 * 60 * 1000;

// Codes that name (or may one day name) the app's own paths and pages, compared
// case-insensitively so "API" can't pass for "api" in a shared link. "events" is here because
// /api/links/events is the list page's stream, which would shadow a link called that.
export const RESERVED_CODES: ReadonlySet<string> = new Set([
  "_next",
  "about",
  "admin",
  "api",
  "app",
  "assets",
  "chat",
  "events",
  "favicon",
  "health",
  "help",
  "links",
  "login",
  "logout",
  "new",
  "not-found",
  "posts",
  "public",
  // /links/restore is the private-link page, so no link's analytics page may be there.
  "restore",
  "robots",
  "rooms",
  "s",
  "settings",
  "signin",
  "signup",
  "sitemap",
  "static",
  "stats",
  "www",
]);

/**
 * The target URL, normalized (`URL.href`: lower-case scheme and host, punycode, percent
 * escapes), or a LinkError. Only absolute http(s) URLs to another place than this app's
 * own short links: those would redirect in a loop, or hide one short link behind another.
 */
export function validateTargetUrl(input: string, appOrigin: string): string {
  const text = input.trim();
  if (text.length === 0) throw new LinkError("invalid_url", "Enter the URL to shorten.");
  if (text.length > MAX_URL_LENGTH) {
    throw new LinkError("invalid_url", `The URL is too long (at most ${MAX_URL_LENGTH} characters).`);
  }
  let url: URL;
  try {
    // No base URL: a relative URL ("/path") fails here; a bare host gets https:// first.
    url = new URL(withDefaultScheme(text));
  } catch {
    throw new LinkError("invalid_url", "That is not a web address. Enter one such as example.com/page or https://example.com.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LinkError("invalid_url", "Only http:// and https:// links can be shortened.");
  }
  if (url.hostname === "") throw new LinkError("invalid_url", "The URL has no host name.");
  // user:password@host is a classic way to disguise where a link really goes.
  if (url.username !== "" || url.password !== "") {
    throw new LinkError("invalid_url", "Links with a user name or password in them can't be shortened.");
  }
  if (url.href.length > MAX_URL_LENGTH) {
    throw new LinkError("invalid_url", `The URL is too long (at most ${MAX_URL_LENGTH} characters).`);
  }
  if (isOwnShortLink(url, appOrigin)) {
    throw new LinkError("invalid_url", "That is already a short link of this site.");
  }
  return url.href;
}

/**
 * The code as links are stored and looked up: lower case. Codes are case-insensitive, so
 * "UX-Demo" read aloud, retyped from print or capitalized by a phone's keyboard still reaches
 * the link, and no one can take a look-alike of a code that differs only in case.
 */
export function canonicalCode(code: string): string {
  return code.toLowerCase();
}

export function validateCustomCode(code: string): string {
  if (!CUSTOM_CODE_PATTERN.test(code)) {
    throw new LinkError(
      "invalid_code",
      "A custom code is 3 to 32 characters: letters, digits, '-' and '_'.",
    );
  }
  if (RESERVED_CODES.has(code.toLowerCase())) {
    throw new LinkError("reserved_code", `"${code}" is reserved. Please choose another code.`);
  }
  return canonicalCode(code);
}

export function validateExpireIn(expireIn: number): number {
  if (!Number.isInteger(expireIn) || expireIn < MIN_EXPIRE_IN_MS || expireIn > MAX_EXPIRE_IN_MS) {
    throw new LinkError(
      "invalid_expiry",
      `expireIn is in milliseconds, from ${MIN_EXPIRE_IN_MS} (1 second) to ${MAX_EXPIRE_IN_MS} (365 days).`,
    );
  }
  return expireIn;
}

/** Could this be any link's code (custom or generated)? A cheap filter before touching Redis. */
export function isPossibleCode(code: string): boolean {
  return CUSTOM_CODE_PATTERN.test(code);
}
