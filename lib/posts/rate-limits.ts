// How often a visitor may like and comment. Limits key on the visitor id; a client that
// drops its cookie becomes a new visitor on every request, so requests that make a new
// visitor also spend from a budget per client address ("unknown" without a trusted proxy,
// where it is one shared budget: a flood guard rather than a fair share).

import type { Kv } from "@/lib/kv";
import { takeToken, type RateDecision, type RateRule } from "@/lib/rate-limit";

export type PostAction = "comment" | "like";

export const POST_RATE_RULES: Readonly<Record<PostAction | "new_visitor", RateRule>> = {
  // Enough to hold a conversation, too few to flood a thread.
  comment: { limit: 5, windowMs: 30_000 },
  // Generous: like/unlike toggles are cheap, and fast double clicks are normal.
  like: { limit: 60, windowMs: 30_000 },
  new_visitor: { limit: 30, windowMs: 60_000 },
};

export interface RateSubject {
  visitorId: string;
  /** Whether this request created the visitor (it came without a valid cookie). */
  isNew: boolean;
  /** The client address (lib/http's clientAddress). */
  address: string;
}

/** Counts one like or comment against the subject's limits; a refusal says how long to wait. */
export async function takePostToken(
  kv: Kv,
  action: PostAction,
  subject: RateSubject,
  now = Date.now(),
): Promise<RateDecision> {
  if (subject.isNew) {
    const fresh = await takeToken(kv, "posts_new_visitor", subject.address, POST_RATE_RULES.new_visitor, now);
    if (!fresh.ok) return fresh;
  }
  return takeToken(kv, `posts_${action}`, subject.visitorId, POST_RATE_RULES[action], now);
}
