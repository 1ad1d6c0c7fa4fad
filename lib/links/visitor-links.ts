// A visitor's own links, newest first, with their click counts — the /links page list. The
// list entries only say which links; each link's record (its current target, paused or not,
// deleted or not) is read beside its count, so an edit made anywhere shows here.

import type { Kv, KvKey, KvU64 } from "@/lib/kv";
import { clicksKey, linkKey, visitorLinksPrefix } from "./keys";
import { isDeleted, isExpired } from "./resolve";
import type { DeletedLinkRecord, LinkRecord, VisitorLink, VisitorLinkEntry } from "./types";

export const MAX_VISITOR_LINKS = 100;
const KEYS_PER_READ = 10; // getMany's limit (as in Deno KV)

/** Reads `keys` in groups of 10, all issued at once: one round trip's worth of MGETs. */
async function readAll<T>(kv: Kv, keys: KvKey[]): Promise<(T | null)[]> {
  const groups: KvKey[][] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_READ) groups.push(keys.slice(i, i + KEYS_PER_READ));
  const entries = (await Promise.all(groups.map((group) => kv.getMany<T[]>(group)))).flat();
  return entries.map((entry) => entry.value);
}

export async function listVisitorLinks(kv: Kv, visitorId: string, now = Date.now()): Promise<VisitorLink[]> {
  const entries: VisitorLinkEntry[] = [];
  for await (const entry of kv.list<VisitorLinkEntry>(
    { prefix: visitorLinksPrefix(visitorId) },
    { reverse: true, limit: MAX_VISITOR_LINKS },
  )) {
    entries.push(entry.value);
  }
  const [records, counts] = await Promise.all([
    readAll<LinkRecord | DeletedLinkRecord>(
      kv,
      entries.map((entry) => linkKey(entry.code)),
    ),
    readAll<KvU64>(
      kv,
      entries.map((entry) => clicksKey(entry.code)),
    ),
  ]);
  const links: VisitorLink[] = [];
  entries.forEach((entry, i) => {
    const record = records[i];
    // Being deleted (or deleted before its entry went): not the visitor's any more.
    if (record === null || isDeleted(record) || record.owner !== visitorId) return;
    const clicks = counts[i];
    links.push({
      code: record.code,
      url: record.url,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      expired: isExpired(record, now),
      paused: record.paused === true,
      clicks: clicks === null ? 0 : Number(clicks.value),
    });
  });
  return links;
}
