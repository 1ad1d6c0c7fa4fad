// Finding a link by its code (case-insensitive: codes are stored in lower case, and links made
// before that are still found under their own spelling). Each process keeps the records it
// has read, so a redirect of a known link costs no read at all, only its click commit. The
// cache is never trusted on its own: the click commit checks the cached versionstamp, so a
// link edited, paused or deleted on any instance fails that commit and is read afresh
// (follow.ts), and an answer that is not a counted redirect (paused, expired, blocked) is
// given only from a fresh read. So a change takes effect on every instance at the next visit,
// with no watch and no expiry on the cache.

import type { Kv } from "@/lib/kv";
import { linkKey } from "./keys";
import type { DeletedLinkRecord, Link, LinkRecord, PublicLink } from "./types";
import { canonicalCode, isPossibleCode } from "./validate";

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

export function isDeleted(record: LinkRecord | DeletedLinkRecord): record is DeletedLinkRecord {
  return "deletedAt" in record;
}

async function readStored(kv: Kv, code: string): Promise<Link | null> {
  const entry = await kv.get<LinkRecord | DeletedLinkRecord>(linkKey(code));
  if (entry.versionstamp === null || isDeleted(entry.value)) return null;
  return { ...entry.value, versionstamp: entry.versionstamp };
}

/**
 * The link stored under `code` in any case ("UX-Demo" finds "ux-demo"), or null (also while
 * it is being deleted). Unknown codes are not cached: they may be created later.
 */
export async function resolveLink(kv: Kv, code: string): Promise<Link | null> {
  if (!isPossibleCode(code)) return null;
  const canonical = canonicalCode(code);
  const cache = caches.get(kv);
  const cached = cache?.get(canonical) ?? cache?.get(code);
  if (cached) {
    rememberLink(kv, cached);
    return cached;
  }
  // A link made before codes were folded may be stored under upper-case letters.
  const link = (await readStored(kv, canonical)) ?? (canonical === code ? null : await readStored(kv, code));
  if (link !== null) rememberLink(kv, link);
  return link;
}

/** resolveLink from Redis, never from this process's cache. */
export async function resolveLinkFresh(kv: Kv, code: string): Promise<Link | null> {
  forgetLink(kv, code);
  forgetLink(kv, canonicalCode(code));
  return resolveLink(kv, code);
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
    paused: link.paused === true,
  };
}
