// The address a request came from, for rate limits and stream caps. X-Forwarded-For is
// written by whoever sends the request: each proxy appends the address it got the request
// from, and whatever the client sent stays in front of that. So only the entries appended by
// proxies we trust say anything, and TRUST_PROXY says how many of those stand in front of the
// app: the client is the entry that many hops from the right (the one the outermost trusted
// proxy appended). Without TRUST_PROXY the client is the socket's peer, which the app's
// server stamps on every request (./peer-address.ts); a reverse proxy the app does not trust
// is then every client's address.

import { isIP } from "node:net";
import { addressBlock } from "./address-block";
import { peerAddress } from "./peer-address";
import type { RequestHead } from "./request-head";
import { trustedProxyHops } from "./trusted-proxies";

/** Whether the app runs behind a reverse proxy it trusts to say who the client is (TRUST_PROXY ≥ 1). */
export function trustProxy(): boolean {
  return trustedProxyHops() > 0;
}

/** "[::1]:1234" and "1.2.3.4:1234" forms appear behind some proxies. */
function withoutPort(hop: string): string {
  return hop.replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
}

/** The address the outermost of `hops` trusted proxies appended to X-Forwarded-For, or null. */
function forwardedAddress(request: RequestHead, hops: number): string | null {
  const entries = (request.headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim());
  if (entries.length === 1 && entries[0] === "") return null;
  // Fewer entries than trusted proxies: the request did not come through all of them, so
  // every entry may be the client's own.
  if (entries.length < hops) return null;
  const address = withoutPort(entries[entries.length - hops]);
  return isIP(address) !== 0 ? address : null;
}

/**
 * The client as rate limits and stream caps count it (./address-block.ts: an IPv6 client is
 * its /64): behind TRUST_PROXY trusted proxies, the X-Forwarded-For entry the outermost one
 * appended; else, or when the header has no such entry, the socket's peer as the app's
 * server stamped it (the nearest address known, never one a client wrote). "unknown" when
 * neither is there: Next's route handlers get no socket, so under `next start` alone there
 * is nothing reliable to report.
 */
export function clientAddress(request: RequestHead): string {
  const hops = trustedProxyHops();
  const forwarded = hops > 0 ? forwardedAddress(request, hops) : null;
  if (forwarded !== null) return addressBlock(forwarded);
  const peer = peerAddress(request);
  return peer !== null && isIP(peer) !== 0 ? addressBlock(peer) : "unknown";
}
