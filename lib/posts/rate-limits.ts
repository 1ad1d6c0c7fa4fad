// How often a visitor may write posts, comment, delete comments and like. Limits key on the visitor id, and every request
// also spends from a budget per client address (lib/rate-limit's takeVisitorToken): a client
// can collect cookies, not addresses. A new visitor is paid for by its address (lib/visitor).

import type { Kv } from "@/lib/kv";
import { takeVisitorToken, type RateDecision, type RateRule, type RateSubject } from "@/lib/rate-limit";

export type PostAction = "post" | "comment" | "delete" | "like";
export type { RateSubject };

export const POST_RATE_RULES: Readonly<Record<PostAction | "per_address", RateRule>> = {
  // A post is a piece of writing, not a chat line: a few a minute is plenty for a person.
  post: { limit: 3, windowMs: 60_000 },
  // Enough to hold a conversation, too few to flood a thread.
  comment: { limit: 5, windowMs: 30_000 },
  // Tidying up after oneself should not run into a limit a person would notice.
  delete: { limit: 20, windowMs: 30_000 },
  // Generous: like/unlike toggles are cheap, and fast double clicks are normal.
  like: { limit: 60, windowMs: 30_000 },
  per_address: { limit: 30, windowMs: 60_000 },
};

/** Counts one post, comment, delete or like against the subject's limits; a refusal says how long to wait. */
export function takePostToken(kv: Kv, action: PostAction, subject: RateSubject, now = Date.now()): Promise<RateDecision> {
  return takeVisitorToken(
    kv,
    subject,
    { scope: `posts_${action}`, rule: POST_RATE_RULES[action] },
    { scope: "posts_per_address", rule: POST_RATE_RULES.per_address },
    now,
  );
}
