// How many links a visitor may create, and one client address (lib/rate-limit's
// takeVisitorToken): a client can collect cookies, not addresses. A request without a valid
// visitor cookie becomes a new visitor, paid for by its address (lib/visitor).

import type { Kv } from "@/lib/kv";
import { takeVisitorToken, type RateDecision, type RateRule, type RateSubject } from "@/lib/rate-limit";

export const LINK_RATE_RULES: Readonly<Record<"create" | "per_address", RateRule>> = {
  // Far more than a person shortens by hand in a minute.
  create: { limit: 20, windowMs: 60_000 },
  per_address: { limit: 60, windowMs: 60_000 },
};

export type LinkRateSubject = RateSubject;

/** Counts one link creation against the subject's limits; a refusal says how long to wait. */
export function takeLinkToken(kv: Kv, subject: LinkRateSubject, now = Date.now()): Promise<RateDecision> {
  return takeVisitorToken(
    kv,
    subject,
    { scope: "links_create", rule: LINK_RATE_RULES.create },
    { scope: "links_per_address", rule: LINK_RATE_RULES.per_address },
    now,
  );
}
