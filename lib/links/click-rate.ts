// How many clicks on one link one client address may add per minute. A click is never refused
// — the visitor still goes where the link leads — but past the limit it is counted as
// automated traffic (a bot hit), not as a click, so a script cannot inflate a link's numbers.
// The redirect route applies it behind a trusted proxy only (see app/s/[code]/route.ts: the
// check costs a round trip a self-hosted click does not pay). For "unknown" no limit applies:
// one shared budget would stop counting real visitors.

import type { Kv } from "@/lib/kv";
import { takeAddressToken, type RateRule } from "@/lib/rate-limit";
import { isPossibleCode } from "./validate";

// A person re-opening a link a few times a minute is normal; thirty times is not.
export const CLICK_RATE: RateRule = { limit: 30, windowMs: 60_000 };

/** Whether this click from `address` still counts as a click (always true for "unknown"). */
export async function clickCounts(kv: Kv, code: string, address: string, now = Date.now()): Promise<boolean> {
  // Nothing to count for a code that cannot exist: spend no Redis work on it.
  if (address === "unknown" || !isPossibleCode(code)) return true;
  return (await takeAddressToken(kv, "clicks", `${address}|${code}`, CLICK_RATE, now)).ok;
}
