// The visitor a live stream counts against in the stream caps (lib/sse's admission): the
// verified one from the cookie, so a made-up cookie is no visitor and cannot open a fresh
// quota of streams.

import { getKv } from "@/lib/server/kv";
import { readVisitorId } from "@/lib/visitor";

export async function streamVisitorId(request: Request): Promise<string | null> {
  return readVisitorId(request, await getKv());
}
