// A visitor cookie carries the id and a MAC of it under the server's secret: `<id>.<mac>`.
// Anyone can make up an id; only the server can make its MAC, so a made-up or altered value
// fails here and its sender is a new visitor, who pays the new-visitor budgets (lib/rate-limit).

import { createHmac, timingSafeEqual } from "node:crypto";

// 128 random bits, base64url: unguessable, and safe in a cookie and in a KV key.
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
// 128 bits of HMAC-SHA256 (truncation to half the output is NIST's floor for a MAC tag).
const MAC_BYTES = 16;
const SIGNED_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;
// Binds the MAC to this use, so a future use of the same secret can never produce one.
const CONTEXT = "livekv visitor id\n";

function macOf(id: string, key: Uint8Array): string {
  return createHmac("sha256", key).update(CONTEXT + id).digest().subarray(0, MAC_BYTES).toString("base64url");
}

/** The cookie value for `id`: the id, a dot, its MAC. */
export function signVisitorId(id: string, key: Uint8Array): string {
  if (!ID_PATTERN.test(id)) throw new RangeError("a visitor id is 22 base64url characters");
  return `${id}.${macOf(id, key)}`;
}

/** The id of a cookie value this server signed, or null for anything else. */
export function verifyVisitorValue(value: string, key: Uint8Array): string | null {
  const match = SIGNED_PATTERN.exec(value);
  if (match === null) return null;
  const [, id, mac] = match;
  // The text, not the decoded bytes: 22 characters hold 132 bits, so decoding would accept
  // several spellings of one MAC. Constant time, so a MAC cannot be found a character at a
  // time by timing the answers (both are 22 ASCII characters: equal lengths).
  return timingSafeEqual(Buffer.from(mac), Buffer.from(macOf(id, key))) ? id : null;
}
