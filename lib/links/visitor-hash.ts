// Who a visitor is, for counting unique visitors, without keeping anything that names them: a
// keyed hash (HMAC under the app's visitor secret, lib/visitor) of their signed cookie id
// when the browser has one, else of their address and User-Agent — what the click log stores
// instead. Without the secret, a hash cannot be turned back into an address (IPv4 has only
// 2^32) nor matched against one. click.ts narrows it further to one link.

import { createHash, createHmac } from "node:crypto";
import type { Kv } from "@/lib/kv";
import { readVisitorId, visitorSecret } from "@/lib/visitor";
import type { RequestHead } from "@/lib/http/request-head";

// Binds the hash to this use of the secret (the cookie MACs use another context).
const CONTEXT = "livekv link visitor\n";
const HASH_BYTES = 12; // 96 bits: no two of a link's visitors collide in practice

/** The visitor's key across links (never stored as is). */
export async function visitorHash(kv: Kv, request: RequestHead, address: string): Promise<string> {
  const [secret, visitorId] = await Promise.all([visitorSecret(kv), readVisitorId(request, kv)]);
  const who =
    visitorId !== null ? `id ${visitorId}` : `address ${address} agent ${request.headers.get("user-agent")?.trim() ?? ""}`;
  return createHmac("sha256", secret).update(CONTEXT + who).digest().subarray(0, HASH_BYTES).toString("base64url");
}

/** The visitor's id in one link's log: two links' logs share no id for the same visitor. */
export function linkVisitorId(code: string, visitor: string): string {
  return createHash("sha256").update(`${code}\n${visitor}`).digest().subarray(0, HASH_BYTES).toString("base64url");
}
