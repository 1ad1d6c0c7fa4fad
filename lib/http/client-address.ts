// The address a request came from, for rate limits and stream caps. X-Forwarded-For is
// written by whoever sends the request, so it only counts when TRUST_PROXY=1 says a proxy we
// trust sets it (and overwrites what the client sent) in front of the app. Otherwise the
// client is the socket's peer, which the app's server stamps on every request
// (./peer-address.ts); a reverse proxy the app does not trust is then every client's address.

import { isIP } from "node:net";
import { peerAddress } from "./peer-address";

export function trustProxy(): boolean {
  return process.env.TRUST_PROXY === "1";
}

/**
 * With TRUST_PROXY=1, the first X-Forwarded-For hop; else the socket's peer as the app's
 * server stamped it. "unknown" when neither is there: Next's route handlers get no socket,
 * so under `next start` alone there is nothing reliable to report.
 */
export function clientAddress(request: Request): string {
  if (trustProxy()) {
    const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
    // "[::1]:1234" and "1.2.3.4:1234" forms appear behind some proxies.
    const bare = first.replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
    return isIP(bare) !== 0 ? bare : "unknown";
  }
  const peer = peerAddress(request);
  return peer !== null && isIP(peer) !== 0 ? peer : "unknown";
}
