// Closing a connection while the client is still sending makes the kernel reset it: unread
// data turns the close into a TCP RST, which throws away whatever answer the client has not
// read yet — it sees the connection drop, not the 431 or 413 it was sent. So a connection
// answered before its request has fully arrived is closed as nginx's lingering close does:
// the answer is written and the write side closed, what still arrives is read and discarded
// until the client is done, and only after LINGER_MS at most is the socket closed anyway.
// Discarding costs no memory; the time bound is what a client that never stops can take.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { markClosing } from "./closing-sockets";

export const LINGER_MS = 5_000;

/** Closes `socket`, whose answer is written, once the client stops sending (LINGER_MS at most). */
export function lingeringClose(socket: Socket): void {
  markClosing(socket);
  socket.end();
  // What still arrives is discarded: after a parse error Node's parser goes on consuming it.
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once("close", () => clearTimeout(timer));
}

/**
 * Answers `req` with a complete response at once, before its body has arrived, then reads and
 * discards the body and ends the response (and, with `Connection: close`, the connection) once
 * the body is over — or after LINGER_MS, whatever is still coming. `bodyEnded` is for a
 * request whose body no longer reaches its own stream (lib/server/body-cap.ts).
 */
export function answerBeforeBody(
  req: IncomingMessage,
  res: ServerResponse,
  answer: { status: number; headers: Record<string, string>; body: Buffer },
  bodyEnded: Promise<void> = new Promise((resolve) => req.once("end", resolve)),
): void {
  // Marked first: a request pipelined behind this one is parsed while its body is discarded.
  markClosing(req.socket);
  res.writeHead(answer.status, { ...answer.headers, "Content-Length": String(answer.body.length), Connection: "close" });
  // A complete response (its length is known), sent now; the client can read it while it sends.
  res.write(answer.body);
  req.resume();
  const timer = setTimeout(() => {
    res.end();
    res.destroy();
  }, LINGER_MS);
  void bodyEnded.then(() => {
    clearTimeout(timer);
    res.end();
  });
  res.once("close", () => clearTimeout(timer));
}
