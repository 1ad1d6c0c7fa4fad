// A visitor's own links, newest first, with their click counts — the /links page list.

import type { Kv, KvKey, KvU64 } from "@/lib/kv";
import { clicksKey, visitorLinksPrefix } from "./keys";
import { isExpired } from "./resolve";
import type { VisitorLink, VisitorLinkEntry } from "./types";

export const MAX_VISITOR_LINKS = 100;
const KEYS_PER_READ = 10; // getMany's limit (as in Deno KV)

export async function listVisitorLinks(kv: Kv, visitorId: string, now = Date.now()): Promise<VisitorLink[]> {
  const entries: VisitorLinkEntry[] = [];
  for await (const entry of kv.list<VisitorLinkEntry>(
    { prefix: visitorLinksPrefix(visitorId) },
    { reverse: true, limit: MAX_VISITOR_LINKS },
  )) {
    entries.push(entry.value);
  }
  // Counts in groups of 10, all issued at once: one round trip's worth of MGETs.
  const groups: KvKey[][] = [];
  for (let i = 0; i < entries.length; i += KEYS_PER_READ) {
    groups.push(entries.slice(i, i + KEYS_PER_READ).map((entry) => clicksKey(entry.code)));
  }
  const counts = (await Promise.all(groups.map((keys) => kv.getMany<KvU64[]>(keys)))).flat();
  return entries.map((entry, i) => {
    const clicks = counts[i].value;
    return {
      code: entry.code,
      url: entry.url,
      createdAt: entry.createdAt,
      expiresAt: entry.expiresAt,
      expired: isExpired(entry, now),
      clicks: clicks === null ? 0 : Number(clicks.value),
    };
  });
}
