// The live-stream front: the app's server (server.ts) offers every request here first, and
// a GET of an /api/**/events URL is served straight on node:http — the same endpoint as its
// route handler, without Next's request pipeline and web-stream layers, which cost each
// connection ~70 KB and each change 3–5× the CPU of a bare Node server (BENCHMARKS.md).
// Anything else (another method, an unknown path, a broken %-escape) goes on to Next, which
// answers as it always does.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { errorResponse } from "@/lib/http";
import { logError } from "@/lib/log";
import { isWellEncoded } from "@/lib/http/path-encoding";
import { PEER_HEADERS } from "@/lib/http/peer-address";
import { markClosing } from "@/lib/server/closing-sockets";
import { COMMON_HEADERS, DATA_CSP } from "@/lib/security/headers";
import { writeSse } from "@/lib/sse/node";
import { admitStream } from "@/lib/sse/admission";
import { discardSource } from "@/lib/feeds";
import { refuseCrossSiteStream } from "./cross-site-stream";
import type { LiveStream, StreamEndpoint, StreamParams } from "./endpoint";
import { matchStreamRoute } from "./routes";
import { streamVisitorId } from "./stream-visitor";

// What next.config.ts's headers() gives every /api response.
const SECURITY_HEADERS: OutgoingHttpHeaders = Object.fromEntries([
  ...COMMON_HEADERS.map(({ key, value }) => [key, value]),
  ["Content-Security-Policy", DATA_CSP],
]);

/** Serves `req` if it is a live stream's GET and returns true; false leaves it to Next. */
export function serveLiveStream(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || req.url === undefined) return false;
  const query = req.url.indexOf("?");
  const pathname = query === -1 ? req.url : req.url.slice(0, query);
  if (!isWellEncoded(pathname)) return false;
  const match = matchStreamRoute(pathname);
  if (match === null) return false;
  const gone = new AbortController();
  let request: Request;
  try {
    request = webRequest(req, gone.signal);
  } catch {
    return false; // A Host header no URL can be made of: Next answers it.
  }
  // on, not once: a response closes once, and once() would wrap the listener — about 0.15 KB
  // more for as long as the stream is open.
  res.on("close", () => gone.abort());
  open(req, res, request, match.endpoint, match.params).catch((error: unknown) => {
    // A bug here must cost one connection, not the process.
    logError("live stream", error);
    res.destroy();
  });
  return true;
}

async function open(
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  endpoint: StreamEndpoint,
  params: StreamParams,
): Promise<void> {
  const refused = refuseCrossSiteStream(request);
  if (refused !== null) return send(res, refused);
  // The caps first: a refused client must not cost the work of opening a stream.
  let visitorId: string | null;
  try {
    visitorId = await streamVisitorId(request);
  } catch (error) {
    return send(res, errorResponse(error));
  }
  const admission = admitStream(request, visitorId);
  if (!admission.ok) return send(res, admission.response);
  let opened: LiveStream | Response;
  try {
    opened = await endpoint(request, params);
  } catch (error) {
    opened = errorResponse(error);
  }
  if (opened instanceof Response) {
    admission.release();
    return send(res, opened);
  }
  if (res.destroyed) {
    // The client left while the stream was being opened.
    admission.release();
    void discardSource(opened.source);
    return;
  }
  writeSse(req, res, opened.source, {
    headers: { ...SECURITY_HEADERS, ...opened.headers },
    onFinish: admission.release,
  });
}

function webRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    // The raw headers still hold any copy a client sent; only the server's stamp counts.
    if (!PEER_HEADERS.includes(raw[i].toLowerCase())) headers.append(raw[i], raw[i + 1]);
  }
  for (const name of PEER_HEADERS) {
    const stamped = req.headers[name];
    if (typeof stamped === "string") headers.set(name, stamped);
  }
  const host = req.headers.host ?? "localhost";
  return new Request(new URL(req.url ?? "/", `http://${host}`), { headers, signal });
}

/** Writes a small, complete web Response (an error, a refusal) to `res`. */
async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: OutgoingHttpHeaders = { ...SECURITY_HEADERS };
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  if (res.destroyed) return;
  headers["content-length"] = body.length;
  // A refusal closes the connection: no request behind it on the same connection counts.
  if (response.headers.get("connection")?.toLowerCase() === "close") markClosing(res.req.socket);
  res.writeHead(response.status, headers);
  res.end(body);
}
