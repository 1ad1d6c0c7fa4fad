// The origin this page was requested at, for the absolute short URLs it shows. Route
// handlers get it from their Request (lib/http requestOrigin); a server component only has
// the headers, so it rebuilds a Request from them and asks the same function, which applies
// the same proxy rules (forwarded host only with TRUST_PROXY).

import { headers } from "next/headers";
import { requestOrigin } from "@livekv/server/http";

export async function pageOrigin(): Promise<string> {
  const incoming = await headers();
  const host = incoming.get("host") ?? "localhost";
  // Next's server sets x-forwarded-proto from the socket when no proxy did.
  const proto = incoming.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  try {
    return requestOrigin(new Request(`${proto}://${host}/`, { headers: incoming }));
  } catch {
    // A Host header that is not a host name: fall back rather than fail the page.
    return `${proto}://localhost`;
  }
}
