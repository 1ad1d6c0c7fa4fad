// Request bodies over API_BODY_MAX_BYTES are refused here, before Next is given them: Next
// holds a request's whole body in memory (for proxy.ts) before a route can look at its size,
// so 40 concurrent 10 MB POSTs took the process from 295 to 551 MB. The app reads no larger
// body anywhere (its only bodies are the API's JSON). A declared length over the cap is
// answered 413 at once, before the body is sent; a body without one (chunked) is counted as
// Node's parser hands it over and, at the cap, cut off with the same 413 — what Next has been
// given by then is under the cap, and it never sees the body end, so no route acts on it.

import type { IncomingMessage, ServerResponse } from "node:http";
import { API_BODY_MAX_BYTES, bodyTooLarge } from "@/lib/http/body-limit";
import type { ErrorBody } from "@/lib/http/json-error";
import { answerBeforeBody } from "./lingering-close";

const HEADERS = {
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

function answerTooLarge(req: IncomingMessage, res: ServerResponse, bodyEnded?: Promise<void>): void {
  const error: ErrorBody = { error: bodyTooLarge() };
  answerBeforeBody(req, res, { status: 413, headers: HEADERS, body: Buffer.from(JSON.stringify(error)) }, bodyEnded);
}

/** Whether the request says its body is over the cap (then it can be refused before it is sent). */
export function declaresOversizedBody(req: IncomingMessage): boolean {
  // Node's parser has refused a Content-Length that is not a number already.
  return Number(req.headers["content-length"] ?? 0) > API_BODY_MAX_BYTES;
}

/**
 * Answers 413 and returns true when `req` declares a body over the cap; otherwise, for a body
 * of unknown length, starts counting it (413 once it passes the cap) and returns false: the
 * request goes on, and its body reaches its reader up to the cap.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse): boolean {
  if (declaresOversizedBody(req)) {
    answerTooLarge(req, res);
    return true;
  }
  if (req.headers["transfer-encoding"] !== undefined) capStreamedBody(req, res);
  return false;
}

// The parser hands a request its body with push(), chunk by chunk, then push(null); counting
// there sees every byte before anyone can read (or buffer) it.
function capStreamedBody(req: IncomingMessage, res: ServerResponse): void {
  const pass = req.push.bind(req);
  let size = 0;
  let endBody: (() => void) | null = null;
  req.push = (chunk: Buffer | null, encoding?: BufferEncoding): boolean => {
    if (endBody !== null) {
      // Refused: the rest is discarded, and its end ends the answer.
      if (chunk === null) endBody();
      return true;
    }
    if (chunk !== null) size += chunk.length;
    // An answer already under way (a route that did not wait for the body) is left alone.
    if (size <= API_BODY_MAX_BYTES || res.headersSent) return pass(chunk, encoding);
    const ended = new Promise<void>((resolve) => (endBody = resolve));
    answerTooLarge(req, res, ended);
    // Whoever waits for the body (Next does, before it runs a route) is told it will not come.
    res.once("close", () => req.destroy(req.listenerCount("error") > 0 ? bodyRefused() : undefined));
    return true;
  };
}

/**
 * The error a refused body's reader is given. Next prints it as the request's failure, once
 * per refused request, which any client can cause at will: so one line, with no stack (and
 * nothing of the request in it).
 */
function bodyRefused(): Error {
  const error = new Error("request body over the cap (answered 413)");
  error.stack = `${error.name}: ${error.message}`;
  return error;
}
