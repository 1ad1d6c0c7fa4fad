// Rate limits for chat writes, on lib/rate-limit's shared per-client windows.
//
// Who counts as one sender: the visitor (signed cookie). A request without a valid cookie is
// a client that does not keep cookies (a script, not a browser: the room page's stream sets
// the cookie before anyone can type), and letting each such request count as a new visitor
// would make the limit meaningless. So cookie-less requests share one bucket per client
// address (lib/http's clientAddress: the socket's peer, or behind a trusted proxy the
// forwarded one; "unknown", one bucket for all, where neither is known). And since a client
// can collect real cookies (each costs its address a new-visitor token, lib/visitor), where
// the address is known every write also counts against its address's bucket.

import type { Kv } from "@/lib/kv";
import { returnToken, takeAddressToken, takeToken, type RateDecision } from "@/lib/rate-limit";
import { MESSAGE_RATE, REACTION_RATE, ROOM_RATE, SIGNAL_RATE } from "./limits";

export interface Sender {
  /** The verified visitor id from the cookie, or null when the request had none. */
  visitorId: string | null;
  /** The client address (lib/http's clientAddress), or "unknown". */
  address: string;
}

const ADDRESS_KEY = "a:";

/** The buckets one write of `sender` counts against, narrowest first. */
export function rateKeysOf(sender: Sender): string[] {
  const address = `${ADDRESS_KEY}${sender.address}`;
  if (sender.visitorId === null) return [address];
  return sender.address === "unknown" ? [`v:${sender.visitorId}`] : [`v:${sender.visitorId}`, address];
}

export type RateScope = "chat-message" | "chat-reaction" | "chat-room" | "chat-signal";

const RULES = {
  "chat-message": MESSAGE_RATE,
  "chat-reaction": REACTION_RATE,
  "chat-room": ROOM_RATE,
  "chat-signal": SIGNAL_RATE,
} as const;

/** Counts one write of `scope` against the sender's windows; `ok: false` means answer 429. */
export async function takeChatToken(kv: Kv, scope: RateScope, sender: Sender, now = Date.now()): Promise<RateDecision> {
  let decision: RateDecision = { ok: true, remaining: Infinity };
  const taken: string[] = [];
  // One after the other: a refusal by the visitor's own bucket leaves its address's alone.
  for (const key of rateKeysOf(sender)) {
    // An address's bucket is shared by everyone behind it (LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR).
    const take = key.startsWith(ADDRESS_KEY) ? takeAddressToken : takeToken;
    const answer = await take(kv, scope, key, RULES[scope], now);
    if (!answer.ok) {
      // A refused write uses up no budget: the narrower buckets get their tokens back.
      for (const given of taken) await returnToken(kv, scope, given, RULES[scope], now);
      return answer;
    }
    taken.push(key);
    decision = { ok: true, remaining: Math.min(decision.remaining, answer.remaining) };
  }
  return decision;
}
