// How many new visitors one client address may be given. A visitor id is what per-visitor
// limits (one like per visitor, links and messages per visitor, streams per visitor) count,
// so ids must not be free: a client that collected thousands of cookies could like a post
// once per cookie. Every new visitor id, wherever it is handed out (a write, a chat stream),
// costs its address one token here; past the budget the request is refused (429) and gets
// no cookie. Without a stamped peer or a trusted proxy the address is "unknown", and all new
// visitors share this one budget: a flood guard rather than a fair share.

import { RateLimitedError, takeAddressToken, type RateRule } from "@/lib/rate-limit";
import type { Kv } from "@/lib/kv";

// Far more browsers than one address starts in a minute, a household or an office included;
// a cookie collector gets no more than this (LIVEKV_RATE_LIMIT_FACTOR and
// LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR scale it).
export const NEW_VISITOR_RATE: RateRule = { limit: 60, windowMs: 60_000 };

/** Spends one new-visitor token of `address`; throws RateLimitedError (a 429) past the budget. */
export async function payForNewVisitor(kv: Kv, address: string, now = Date.now()): Promise<void> {
  const decision = await takeAddressToken(kv, "new_visitors", address, NEW_VISITOR_RATE, now);
  if (!decision.ok) throw new RateLimitedError(decision, "new visitors from your address");
}
