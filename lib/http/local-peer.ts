// Whether a request came straight from this machine: a scraper on the host (Prometheus, curl)
// may read what the public may not (/api/metrics). Only the socket knows the peer, and Next's
// route handlers get no socket, so the app's server (server.ts) looks at each request before
// Next does and marks the local ones in a header of its own — after removing whatever a
// client sent in it. Where nothing marks requests (`next start` alone, another host), the
// header could come from anyone and is never believed.
//
// A reverse proxy on the same host also connects from loopback: a request it relays carries
// X-Forwarded-For (or Forwarded, X-Real-IP), which a scraper's request does not, and is not
// local. (A proxy that adds none of them makes every request look local: set METRICS_TOKEN.)

import type { IncomingMessage } from "node:http";

export const LOCAL_PEER_HEADER = "x-livekv-local-peer";
const FORWARDING_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

const marks = globalThis as typeof globalThis & { __livekvMarksLocalPeers?: boolean };

/** Whether a socket peer address is this machine (IPv4, IPv6, or IPv4 as IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return /^127\.\d+\.\d+\.\d+$/.test(v4) || address === "::1";
}

/** For the app's server, on every request before Next sees it: marks it local or not. */
export function markLocalPeer(req: IncomingMessage): void {
  marks.__livekvMarksLocalPeers = true;
  delete req.headers[LOCAL_PEER_HEADER];
  const relayed = FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
  if (!relayed && isLoopbackAddress(req.socket.remoteAddress)) req.headers[LOCAL_PEER_HEADER] = "1";
}

/** Whether the app's server marked `request` as coming straight from this machine. */
export function isLocalPeer(request: Request): boolean {
  return marks.__livekvMarksLocalPeers === true && request.headers.get(LOCAL_PEER_HEADER) === "1";
}
