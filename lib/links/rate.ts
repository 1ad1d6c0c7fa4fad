// How many links a visitor may create. A request without the visitor cookie becomes a new
// visitor (createLink's response sets the cookie), so requests that make a new visitor also
// spend from a budget per client address (lib/rate-limit's takeVisitorToken).

import type { Kv } from "@/lib/kv";
import { takeVisitorToken, type RateDecision, type RateRule, type RateSubject } from "@/lib/rate-limit";

export const LINK_RATE_RULES: Readonly<Record<"create" | "new_visitor", RateRule>> = {
  // Far more than a person shortens by hand in a minute.
  create: { limit: 20, windowMs: 60_000 },
  new_visitor: { limit: 60, windowMs: 60_000 },
};

export type LinkRateSubject = RateSubject;

/** Counts one link creation against the subject's limits; a refusal says how long to wait. */
export function takeLinkToken(kv: Kv, subject: LinkRateSubject, now = Date.now()): Promise<RateDecision> {
  return takeVisitorToken(
    kv,
    subject,
    { scope: "links_create", rule: LINK_RATE_RULES.create },
    { scope: "links_new_visitor", rule: LINK_RATE_RULES.new_visitor },
    now,
  );
}
