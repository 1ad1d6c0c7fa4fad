// How many links a visitor may create. A request without the visitor cookie becomes a new
// visitor (createLink's response sets the cookie), so a client that drops its cookie would be
// new every time: requests that make a new visitor also spend from a budget per client
// address — "unknown" without a trusted proxy, where it is one shared budget for all
// first-time visitors: a flood guard rather than a fair share.

import type { Kv } from "@/lib/kv";
import { takeToken, type RateDecision, type RateRule } from "@/lib/rate-limit";

export const LINK_RATE_RULES: Readonly<Record<"create" | "new_visitor", RateRule>> = {
  // Far more than a person shortens by hand in a minute.
  create: { limit: 20, windowMs: 60_000 },
  new_visitor: { limit: 60, windowMs: 60_000 },
};

export interface LinkRateSubject {
  visitorId: string;
  /** Whether this request created the visitor (it came without a valid cookie). */
  isNew: boolean;
  /** The client address (lib/http's clientAddress). */
  address: string;
}

/** Counts one link creation against the subject's limits; a refusal says how long to wait. */
export async function takeLinkToken(kv: Kv, subject: LinkRateSubject, now = Date.now()): Promise<RateDecision> {
  if (subject.isNew) {
    const fresh = await takeToken(kv, "links_new_visitor", subject.address, LINK_RATE_RULES.new_visitor, now);
    if (!fresh.ok) return fresh;
  }
  return takeToken(kv, "links_create", subject.visitorId, LINK_RATE_RULES.create, now);
}
