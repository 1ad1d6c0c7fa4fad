// Rate limits for chat writes, on lib/rate-limit's shared per-client windows.
//
// Who counts as one sender: the visitor (cookie). A request without the cookie is a client
// that does not keep cookies (a script, not a browser: the room page's stream sets the cookie
// before anyone can type), and letting each such request count as a new visitor would make
// the limit meaningless. So cookie-less requests share one bucket per client address, which
// is one bucket for all of them unless a trusted proxy (TRUST_PROXY=1) names the address.

import type { Kv } from "@/lib/kv";
import { takeToken, type RateDecision } from "@/lib/rate-limit";
import { MESSAGE_RATE, ROOM_RATE, SIGNAL_RATE } from "./limits";

export interface Sender {
  /** The visitor id from the cookie, or null when the request had none. */
  visitorId: string | null;
  /** The client address (lib/http's clientAddress): "unknown" without a trusted proxy. */
  address: string;
}

export function rateKeyOf(sender: Sender): string {
  return sender.visitorId !== null ? `v:${sender.visitorId}` : `anon:${sender.address}`;
}

export type RateScope = "chat-message" | "chat-room" | "chat-signal";

const RULES = {
  "chat-message": MESSAGE_RATE,
  "chat-room": ROOM_RATE,
  "chat-signal": SIGNAL_RATE,
} as const;

/** Counts one write of `scope` against the sender's window; `ok: false` means answer 429. */
export function takeChatToken(kv: Kv, scope: RateScope, sender: Sender, now?: number): Promise<RateDecision> {
  return takeToken(kv, scope, rateKeyOf(sender), RULES[scope], now);
}
