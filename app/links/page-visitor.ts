// The visitor a /links page is rendered for: whoever the request's signed cookie says, or
// null (a browser without one, or a forged one).

import { cookies } from "next/headers";
import type { Kv } from "@livekv/server/kv";
import { readVisitorId, VISITOR_COOKIE } from "@livekv/server/visitor";

export async function pageVisitorId(origin: string, kv: Kv): Promise<string | null> {
  const value = (await cookies()).get(VISITOR_COOKIE)?.value;
  if (value === undefined) return null;
  // The same check as the API's, so a forged cookie reads no one's list.
  return readVisitorId(new Request(origin, { headers: { cookie: `${VISITOR_COOKIE}=${value}` } }), kv);
}
