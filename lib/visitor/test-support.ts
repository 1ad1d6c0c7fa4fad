// For tests that act as a returning visitor: the Cookie header a browser sends once the app
// gave it a visitor cookie, signed with the key of the Kv under test.

import type { Kv } from "@/lib/kv";
import { visitorSecret } from "./secret";
import { signVisitorId } from "./signature";
import { newVisitorId, VISITOR_COOKIE } from "./visitor-id";

/** A `lkv_vid=…` Cookie header naming visitor `id` (a new one by default). */
export async function visitorCookieHeader(kv: Kv, id: string = newVisitorId()): Promise<string> {
  return `${VISITOR_COOKIE}=${signVisitorId(id, await visitorSecret(kv))}`;
}
