// Caps on open connections, whatever they carry: the stream caps (lib/sse/admission.ts) count
// only live streams, but an idle connection, or one sending its headers slowly, holds a file
// just the same — one client opening thousands of them took every file the process had, and
// health checks, pages and the API got no answer. So:
// - per client address (the socket's peer; an IPv6 client by its /64, as every limit counts
//   it: lib/http/address-block.ts), a new connection past the cap is closed at once;
//   the cap is the address's stream cap plus room for its pages and API calls, so a client
//   within its stream cap is never cut off before it gets its 503. Behind a trusted proxy
//   (TRUST_PROXY=1) every connection comes from the proxy, so there is no per-address cap;
// - per process, past what the open-file limit leaves for connections (lib/server/file-limit.ts:
//   more than for streams, less than the limit), Node closes new connections at once
//   (server.maxConnections) rather than let the process run out of files.

import type { Server } from "node:http";
import type { Socket } from "node:net";
import { addressBlock } from "@/lib/http/address-block";
import { trustProxy } from "@/lib/http/client-address";
import { sseLimits } from "@/lib/sse/admission";
import { maxConnectionsFor, openFileLimit } from "./file-limit";

/** Room, beyond its streams, for an address's pages, API calls and refused streams. */
const ADDRESS_ROOM_BEYOND_STREAMS = 100;

export interface ConnectionLimits {
  /** Connections one client address may hold (Infinity: no cap, behind a trusted proxy). */
  perAddress: number;
  /** Connections this process holds at most (Infinity: no open-file limit). */
  perProcess: number;
}

/**
 * The limits in force: LIVEKV_CONNECTIONS_MAX_PER_ADDRESS, else the per-address stream cap
 * plus 100 (300 by default); per process, what the open-file limit leaves for connections.
 */
export function connectionLimits(): ConnectionLimits {
  const configured = Number(process.env.LIVEKV_CONNECTIONS_MAX_PER_ADDRESS);
  const perAddress =
    Number.isInteger(configured) && configured > 0 ? configured : sseLimits().perAddress + ADDRESS_ROOM_BEYOND_STREAMS;
  return {
    perAddress: trustProxy() ? Infinity : perAddress,
    perProcess: maxConnectionsFor(openFileLimit()),
  };
}

/** Applies `limits` to every connection `server` accepts from now on. */
export function capConnections(server: Server, limits: ConnectionLimits = connectionLimits()): void {
  if (Number.isFinite(limits.perProcess)) server.maxConnections = limits.perProcess;
  if (!Number.isFinite(limits.perAddress)) return;
  // Open connections per peer address; an address at zero is removed.
  const open = new Map<string, number>();
  // Each counted socket's address, read back by one shared close listener: a closure (and a
  // once() wrapper) per socket cost nearly twice the memory (about 0.2 KB more), held as long as the connection.
  const counted = new WeakMap<Socket, string>();
  function release(this: Socket): void {
    const address = counted.get(this);
    if (address === undefined) return;
    counted.delete(this);
    const left = (open.get(address) ?? 1) - 1;
    if (left <= 0) open.delete(address);
    else open.set(address, left);
  }
  server.on("connection", (socket: Socket) => {
    // Already gone: nothing to count.
    if (socket.remoteAddress === undefined) return;
    const address = addressBlock(socket.remoteAddress);
    const held = open.get(address) ?? 0;
    if (held >= limits.perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, held + 1);
    counted.set(socket, address);
    socket.on("close", release);
  });
}
