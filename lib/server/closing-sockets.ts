// Connections the server has answered with `Connection: close` (a 413, a 431/400/408, a refused
// stream): no further request on them may be acted on (RFC 9112 §9.6). Node's parser goes on
// reading a connection whose answer is under way — the lingering close reads on purpose, so a
// client still sending gets its answer — and hands every request it finds there to the server,
// so a request pipelined after an oversized body reached its route and was done, though its
// answer could never be sent. The server (server.ts) drops any request on a marked socket.

import type { Socket } from "node:net";

const closing = new WeakSet<Socket>();

/** Marks `socket`: its answer says `Connection: close`, and no later request on it counts. */
export function markClosing(socket: Socket): void {
  closing.add(socket);
}

/** Whether `socket` was answered with `Connection: close` (see markClosing). */
export function isClosing(socket: Socket): boolean {
  return closing.has(socket);
}
