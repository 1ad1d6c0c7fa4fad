// The origin the visitor used to reach the app, for building absolute URLs such as a short
// link's shortUrl. Forwarded host and protocol are honoured only behind a trusted proxy,
// for the same reason as X-Forwarded-For.

import { trustProxy } from "./client-address";
import type { RequestHead } from "./request-head";

function firstHop(value: string | null): string | null {
  const first = value?.split(",")[0]?.trim();
  return first ? first : null;
}

export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  if (trustProxy()) {
    const host = firstHop(request.headers.get("x-forwarded-host"));
    const proto = firstHop(request.headers.get("x-forwarded-proto"));
    if (host) {
      const protocol = proto === "https" || proto === "http" ? proto : url.protocol.slice(0, -1);
      try {
        return new URL(`${protocol}://${host}`).origin;
      } catch {
        // A malformed forwarded host falls back to the request's own URL.
      }
    }
  }
  // Next.js builds a route handler's request.url from its own listening host name
  // ("localhost"), not from the Host the visitor used (127.0.0.1, a LAN name…): the Host
  // header is what the visitor's browser can reach, so short URLs are built on it.
  const host = request.headers.get("host");
  if (host) {
    try {
      return new URL(`${url.protocol}//${host}`).origin;
    } catch {
      // A malformed Host header falls back to the request's own URL.
    }
  }
  return url.origin;
}

/**
 * Every host (Host header value: name[:port]) the request names for the app: its Host and,
 * behind a trusted proxy, each X-Forwarded-Host hop. A link's target on one of them comes back
 * to this app. Plain string work, no URL parsing: it is on the redirect's hot path.
 */
export function requestHosts(request: RequestHead): string[] {
  const hosts: string[] = [];
  const host = request.headers.get("host");
  // Requests always have a Host over HTTP/1.1 and later; one built in code may not.
  hosts.push(host ?? new URL(request.url).host);
  if (trustProxy()) {
    for (const hop of request.headers.get("x-forwarded-host")?.split(",") ?? []) hosts.push(hop.trim());
  }
  return hosts;
}
