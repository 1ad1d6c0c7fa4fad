// A visit to /s/{code} as the click counts it: describeVisit's names, plus who the visitor is
// (a keyed hash, for unique visitors). Bots are not identified: they are never counted as
// visitors. The secret behind the hash is read once per process, so after the first click
// this adds no round trip; the click's one Redis round trip stays its commit.

import type { Kv } from "@/lib/kv";
import type { RequestHead } from "@/lib/http/request-head";
import { describeVisit, type Visit } from "./visit";
import { visitorHash } from "./visitor-hash";

export async function readVisit(kv: Kv, request: RequestHead, address: string): Promise<Visit> {
  const visit = describeVisit(request, address);
  if (visit.isBot) return visit;
  return { ...visit, details: { ...visit.details, visitor: await visitorHash(kv, request, address) } };
}
