// The redirect on plain node:http: the app's server (server.ts) offers every request here
// before its stream front and Next. A GET or HEAD of /s/{code}, for a code a link can have, is
// answered right here — the same answer as the route handler app/s/[code]/route.ts gives
// (./redirect.ts), with the security headers next.config.ts gives /s/ — without Next's request
// pipeline, which costs several times the CPU of the whole click (BENCHMARKS.md). Anything
// else (another method, a %-escape, a second segment or trailing slash, a code no link can
// have) goes on to Next, which answers it as it always has.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { RequestHead } from "@/lib/http";
import type { Kv } from "@/lib/kv";
import { logError } from "@/lib/log";
import { COMMON_HEADERS, STATUS_PAGE_CSP } from "@/lib/security/headers";
import { processCount } from "@/lib/server/process-count";
import { answerRedirect, redirectHeaders } from "./redirect";
import { isPossibleCode } from "./validate";

const PREFIX = "/s/";

// What next.config.ts's headers() gives every /s/ response.
const SECURITY_HEADERS: OutgoingHttpHeaders = Object.fromEntries([
  ...COMMON_HEADERS.map(({ key, value }) => [key, value]),
  ["Content-Security-Policy", STATUS_PAGE_CSP],
]);

const answered = processCount("link visits answered by the front");

/** Visits to /s/{code} this process answered before Next (any status), for /api/metrics. */
export function frontRedirects(): number {
  return answered.value;
}

/** The request as the redirect reads it: Node's parsed headers, not a copy of them. */
function requestHead(req: IncomingMessage, method: string, path: string): RequestHead {
  const headers = req.headers;
  return {
    method,
    url: `http://${headers.host ?? "localhost"}${path}`,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}

async function answer(res: ServerResponse, getKv: () => Promise<Kv>, head: RequestHead, code: string): Promise<void> {
  const result = await answerRedirect(getKv, head, code);
  answered.add();
  if (res.destroyed) return;
  const body = result.status === 302 ? "" : result.html;
  res.writeHead(result.status, {
    ...SECURITY_HEADERS,
    ...redirectHeaders(result),
    "Content-Length": Buffer.byteLength(body),
  });
  // Node sends no body to a HEAD, whatever is written.
  res.end(body);
}

/** Answers `req` if it is a visit to a short link and returns true; false leaves it to the next handler. */
export function serveRedirect(req: IncomingMessage, res: ServerResponse, getKv: () => Promise<Kv>): boolean {
  const { method, url } = req;
  if ((method !== "GET" && method !== "HEAD") || url === undefined || !url.startsWith(PREFIX)) return false;
  const query = url.indexOf("?");
  // The query string is not the link's: the visitor goes to the stored target as it is.
  const code = url.slice(PREFIX.length, query === -1 ? undefined : query);
  if (!isPossibleCode(code)) return false;
  answer(res, getKv, requestHead(req, method, url), code).catch((error: unknown) => {
    // answerRedirect never throws: this is a bug in writing the answer, and must cost one request.
    logError("redirect front", error);
    res.destroy();
  });
  return true;
}
