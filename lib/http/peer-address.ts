// Who a request's connection came from. Only the socket knows, and Next's route handlers get
// no socket, so the app's server (server.ts) looks at each request before Next (or its own
// stream front) does and stamps what it sees into headers of its own — after removing
// whatever a client sent in them: the socket's peer address, and whether the request came
// relayed (with X-Forwarded-For, Forwarded or X-Real-IP: the peer says it speaks for someone
// else). The latter must be seen here: Next adds an X-Forwarded-For of its own to every
// request it hands a route. Where nothing stamps requests (`next start` alone, a test calling
// a route), the headers could come from anyone and are never believed.
//
// The peer is the client itself when nothing stands in between; behind a reverse proxy it is
// the proxy (lib/http's clientAddress then takes X-Forwarded-For instead, with TRUST_PROXY).

import type { IncomingMessage } from "node:http";
import type { RequestHead } from "./request-head";

export const PEER_ADDRESS_HEADER = "x-livekv-peer-address";
export const PEER_RELAYS_HEADER = "x-livekv-peer-relays";
/** Every header the stamp writes: a client's copies of them are never passed on. */
export const PEER_HEADERS: readonly string[] = [PEER_ADDRESS_HEADER, PEER_RELAYS_HEADER];

const FORWARDING_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

// Set by the first stamp: from then on this process is behind the app's server.
let stamping = false;

/** "::ffff:203.0.113.9" (an IPv4 client on a dual-stack socket) is 203.0.113.9. */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

/** For the app's server, on every request before anything reads it: stamps what its socket says. */
export function stampPeerAddress(req: IncomingMessage): void {
  stamping = true;
  for (const name of PEER_HEADERS) delete req.headers[name];
  const address = req.socket.remoteAddress;
  // A socket already closed has no address: the request is then from nobody known.
  if (address !== undefined) req.headers[PEER_ADDRESS_HEADER] = plainAddress(address);
  if (FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined)) req.headers[PEER_RELAYS_HEADER] = "1";
}

/** The address the app's server stamped on `request`; null where no server stamps requests. */
export function peerAddress(request: RequestHead): string | null {
  if (!stamping) return null;
  return request.headers.get(PEER_ADDRESS_HEADER);
}

/**
 * Whether `request` reached the app's server relayed for someone else; true where no server
 * stamps requests, since nothing then says it did not.
 */
export function peerRelays(request: Request): boolean {
  if (!stamping) return true;
  return request.headers.get(PEER_RELAYS_HEADER) === "1";
}

/**
 * Tests only (lib/http/test-support.ts): whether this process believes the stamp, as once the
 * app's server has stamped a request (true) or where nothing does, `next start` alone (false).
 */
export function believePeerStamps(believe: boolean): void {
  stamping = believe;
}
