// Finding a link by its code. Records never change once written, so each process keeps the
// ones it has read: a redirect of a known link then costs no read at all, only its click
// commit. That commit checks the cached versionstamp, so a link deleted (or re-created)
// elsewhere is noticed there and dropped from the cache.

import type { Kv } from "@/lib/kv";
import { linkKey } from "./keys";
import type { Link, LinkRecord, PublicLink } from "./types";
import { isPossibleCode } from "./validate";

// Bounded so that a crawl over many codes can't grow a process without limit.
const MAX_CACHED = 10_000;

// Per Kv, because tests (and tools) open several Kvs with different keyspaces in one process.
const caches = new WeakMap<Kv, Map<string, Link>>();

function cacheOf(kv: Kv): Map<string, Link> {
  let cache = caches.get(kv);
  if (!cache) {
    cache = new Map();
    caches.set(kv, cache);
  }
  return cache;
}

export function rememberLink(kv: Kv, link: Link): void {
  const cache = cacheOf(kv);
  cache.delete(link.code);
  cache.set(link.code, link);
  // A Map iterates in insertion order, and a hit re-inserts: the first key is the least recently used.
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}

export function forgetLink(kv: Kv, code: string): void {
  caches.get(kv)?.delete(code);
}

/** The link stored under `code`, or null. Unknown codes are not cached: they may be created later. */
export async function resolveLink(kv: Kv, code: string): Promise<Link | null> {
  if (!isPossibleCode(code)) return null;
  const cached = caches.get(kv)?.get(code);
  if (cached) {
    rememberLink(kv, cached);
    return cached;
  }
  const entry = await kv.get<LinkRecord>(linkKey(code));
  if (entry.versionstamp === null) return null;
  const link: Link = { ...entry.value, versionstamp: entry.versionstamp };
  rememberLink(kv, link);
  return link;
}

export function isExpired(link: Pick<LinkRecord, "expiresAt">, now: number): boolean {
  return link.expiresAt !== null && Date.parse(link.expiresAt) <= now;
}

export function publicLink(link: LinkRecord, now: number): PublicLink {
  return {
    code: link.code,
    url: link.url,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    expired: isExpired(link, now),
  };
}
