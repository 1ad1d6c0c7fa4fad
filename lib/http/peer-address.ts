// The address of the socket a request came in on. Only the socket knows it, and Next's route
// handlers get no socket, so the app's server (server.ts) looks at each request before Next
// (or its own stream front) does and stamps the peer's address into a header of its own —
// after removing whatever a client sent in it. Where nothing stamps requests (`next start`
// alone, a test calling a route), the header could come from anyone and is never believed.
//
// The peer is the client itself when nothing stands in between; behind a reverse proxy it is
// the proxy (lib/http's clientAddress then takes X-Forwarded-For instead, with TRUST_PROXY=1).

import type { IncomingMessage } from "node:http";

export const PEER_ADDRESS_HEADER = "x-livekv-peer-address";

// On globalThis: server.ts and Next's bundle each carry a copy of this module.
const stamps = globalThis as typeof globalThis & { __livekvStampsPeerAddress?: boolean };

/** "::ffff:203.0.113.9" (an IPv4 client on a dual-stack socket) is 203.0.113.9. */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

/** For the app's server, on every request before anything reads it: stamps the socket's peer. */
export function stampPeerAddress(req: IncomingMessage): void {
  stamps.__livekvStampsPeerAddress = true;
  delete req.headers[PEER_ADDRESS_HEADER];
  const address = req.socket.remoteAddress;
  // A socket already closed has no address: the request is then from nobody known.
  if (address !== undefined) req.headers[PEER_ADDRESS_HEADER] = plainAddress(address);
}

/** The address the app's server stamped on `request`; null where no server stamps requests. */
export function peerAddress(request: Request): string | null {
  if (stamps.__livekvStampsPeerAddress !== true) return null;
  return request.headers.get(PEER_ADDRESS_HEADER);
}
