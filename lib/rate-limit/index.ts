// Per-client rate limits kept in the Kv, so every app instance on one Redis shares them.
// A fixed window per (scope, client): one counter key per window, created with the window's
// expiry so old windows clean themselves up.

import type { Kv } from "@/lib/kv";
import { jsonError } from "@/lib/http/json-error";

export interface RateRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export type RateDecision =
  | { ok: true; remaining: number }
  | { ok: false; retryAfterMs: number };

// A commit loses only to another request of the same client in the same instant; a few
// tries settle it.
const MAX_ATTEMPTS = 8;

/**
 * LIVEKV_RATE_LIMIT_FACTOR multiplies every limit: one knob for an operator (or a load
 * test, which is many clients from one address) to loosen or tighten them all at once.
 */
export function rateLimitFactor(): number {
  const factor = Number(process.env.LIVEKV_RATE_LIMIT_FACTOR);
  return Number.isFinite(factor) && factor > 0 ? factor : 1;
}

/** Counts one request of `client` against `rule`; refuses it once the window is full. */
export async function takeToken(
  kv: Kv,
  scope: string,
  client: string,
  rule: RateRule,
  now = Date.now(),
): Promise<RateDecision> {
  const limit = Math.max(1, Math.floor(rule.limit * rateLimitFactor()));
  const window = Math.floor(now / rule.windowMs);
  const key = ["rate", scope, client, window];
  const retryAfterMs = (window + 1) * rule.windowMs - now;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const entry = await kv.get<number>(key);
    const used = entry.value ?? 0;
    if (used >= limit) return { ok: false, retryAfterMs };
    const result = await kv
      .atomic()
      .check(entry)
      .set(key, used + 1, { expireIn: retryAfterMs + 1_000 })
      .commit();
    if (result.ok) return { ok: true, remaining: limit - used - 1 };
  }
  // Never let contention on the limiter turn into an error or an unlimited request.
  return { ok: false, retryAfterMs: Math.min(retryAfterMs, 1_000) };
}

/** The 429 answer for a refused request, with Retry-After in whole seconds. */
export function rateLimitedResponse(decision: { retryAfterMs: number }, what = "requests"): Response {
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return jsonError(429, "rate_limited", `Too many ${what}: try again in ${seconds} s.`, {
    "Retry-After": String(seconds),
  });
}
