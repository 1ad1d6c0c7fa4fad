// Whether a request came straight from this machine: a scraper on the host (Prometheus, curl)
// may read what the public may not (/api/metrics). Only the socket knows the peer: this reads
// what the app's server stamped from it (./peer-address.ts), so under `next start` alone,
// where nothing stamps requests, no request is local.
//
// A reverse proxy on the same host also connects from loopback: a request it relays carries
// X-Forwarded-For (or Forwarded, X-Real-IP), which a scraper's request does not, and is not
// local. (A proxy that adds none of them makes every request look local: set METRICS_TOKEN.)

import { peerAddress, peerRelays } from "./peer-address";

/** Whether a socket peer address is this machine (IPv4, IPv6, or IPv4 as IPv6). */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (address === undefined || address === null) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return /^127\.\d+\.\d+\.\d+$/.test(v4) || address === "::1";
}

/** Whether the app's server received `request` straight from this machine. */
export function isLocalPeer(request: Request): boolean {
  return !peerRelays(request) && isLoopbackAddress(peerAddress(request));
}
