// The address a request came from, for rate limits. X-Forwarded-For is written by whoever
// sends the request, so it only counts when TRUST_PROXY=1 says a proxy we trust sets it
// (and overwrites what the client sent) in front of the app.

import { isIP } from "node:net";

export function trustProxy(): boolean {
  return process.env.TRUST_PROXY === "1";
}

/** The first X-Forwarded-For hop when a proxy is trusted; else "unknown". */
export function clientAddress(request: Request): string {
  if (trustProxy()) {
    const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
    // "[::1]:1234" and "1.2.3.4:1234" forms appear behind some proxies.
    const bare = first.replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
    if (isIP(bare) !== 0) return bare;
  }
  // Next.js route handlers get a web Request, which carries no socket address (NextRequest.ip
  // was removed in Next 15); without a trusted proxy there is nothing reliable to report.
  return "unknown";
}
