// What a client gets for a request Node's parser refuses — a request line and headers over
// Node's limit (16 KiB), a malformed request, headers that never finish — before any route
// sees it: a JSON error like every other, with `Connection: close`, then a lingering close.
// Node's own answer is a bodiless 431/400 and an immediate close, which resets the connection
// of a client still sending its headers, so the client often sees no answer at all.

import { maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ErrorBody } from "@/lib/http/json-error";
import { lingeringClose } from "./lingering-close";

interface Refusal {
  status: number;
  reason: string;
  code: string;
  message: string;
}

function refusalFor(error: Error & { code?: string }): Refusal {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        reason: "Request Header Fields Too Large",
        code: "headers_too_large",
        message: `The request line and headers are larger than ${maxHeaderSize} bytes.`,
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, reason: "Request Timeout", code: "request_timeout", message: "The request took too long to arrive." };
    default:
      return { status: 400, reason: "Bad Request", code: "bad_request", message: "The request is not valid HTTP." };
  }
}

function rawResponse(refusal: Refusal): string {
  const body: ErrorBody = { error: { code: refusal.code, message: refusal.message } };
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${refusal.status} ${refusal.reason}`,
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(text)}`,
    "Cache-Control: no-store",
    "X-Content-Type-Options: nosniff",
    "Connection: close",
    "",
    text,
  ].join("\r\n");
}

/** Makes `server` answer the requests its parser refuses (its 'clientError' event). */
export function answerClientErrors(server: Server): void {
  // Whether a response is under way on a socket: a second answer on it would corrupt the
  // first. Each socket's latest response tells, since a connection's responses are sent in
  // order: while it has not finished, one is under way. Held weakly, so that an idle
  // connection does not keep its last, finished response alive (an unfinished one Node holds
  // itself). A listener on every response instead cost each open stream ~0.35 KB (a once()
  // wrapper and a longer listener list) for as long as it stays open.
  const latest = new WeakMap<Socket, WeakRef<ServerResponse>>();
  const track = (req: IncomingMessage, res: ServerResponse): void => {
    latest.set(req.socket, new WeakRef(res));
  };
  const answering = (socket: Socket): boolean => {
    const res = latest.get(socket)?.deref();
    return res !== undefined && !res.writableFinished;
  };
  server.prependListener("request", track);
  server.prependListener("checkContinue", track);

  const answered = new WeakSet<Socket>();
  server.on("clientError", (error: Error & { code?: string }, socket: Socket) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    if (!socket.writable || answering(socket)) {
      socket.destroy();
      return;
    }
    socket.write(rawResponse(refusalFor(error)));
    lingeringClose(socket);
  });
}
