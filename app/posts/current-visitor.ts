// The visitor a page is rendered for, from the lkv_vid cookie. Pages only read it: a
// visitor is made (and the cookie set) by the first request that needs one, a like or a
// comment, which go through route handlers.

import { headers } from "next/headers";
import type { Kv } from "@livekv/server/kv";
import { readVisitorId } from "@livekv/server/visitor";

export async function currentVisitorId(kv: Kv): Promise<string | null> {
  // readVisitorId reads a Request's Cookie header; the page's request headers are that.
  return readVisitorId(new Request("http://localhost/", { headers: await headers() }), kv);
}
