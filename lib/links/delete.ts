// Deleting a link, with everything recorded about it. Its keys span several partitions (the
// record, each analytics family, the owner's list: keys.ts), and a commit stays within one,
// so the delete is a sequence of commits that is safe to stop anywhere and to run again:
//
//   1. the record becomes a tombstone (its partition, checked against the owner's read): from
//      this commit on the link is gone for every reader on every instance — the redirect, the
//      stats, the lists — and no click can be recorded (click commits check the record);
//   2. each analytics family is emptied, up to MAX_KEYS_PER_COMMIT keys per commit;
//   3. the owner's list entry goes;
//   4. the tombstone goes (checked), and the code is free again.
//
// Stopped before 4 (a crash, an outage), the link stays gone and its code taken; the owner's
// next delete finds the tombstone and finishes.

import type { Kv, KvKey } from "@/lib/kv";
import { LinkError } from "./errors";
import { linkDataPrefixes, linkKey, visitorLinksPrefix } from "./keys";
import { forgetLink, isDeleted } from "./resolve";
import type { DeletedLinkRecord, LinkRecord, VisitorLinkEntry } from "./types";
import { canonicalCode, isPossibleCode } from "./validate";

// Deno KV's mutation limit per commit.
export const MAX_KEYS_PER_COMMIT = 1000;

interface StoredRecord {
  code: string;
  value: LinkRecord | DeletedLinkRecord;
  versionstamp: string;
}

/** The record under `code` as stored, tombstone included (canonical spelling first, as resolveLink). */
async function readRecord(kv: Kv, code: string): Promise<StoredRecord | null> {
  if (!isPossibleCode(code)) return null;
  for (const spelling of new Set([canonicalCode(code), code])) {
    const entry = await kv.get<LinkRecord | DeletedLinkRecord>(linkKey(spelling));
    if (entry.versionstamp !== null) return { code: spelling, value: entry.value, versionstamp: entry.versionstamp };
  }
  return null;
}

async function markDeleted(kv: Kv, code: string, owner: string, now: number): Promise<StoredRecord> {
  for (;;) {
    const stored = await readRecord(kv, code);
    if (stored === null) throw new LinkError("not_found", "There is no short link with that code.");
    if (stored.value.owner !== owner) throw new LinkError("not_owner", "Only the visitor who created this link can delete it.");
    if (isDeleted(stored.value)) return stored;
    const tombstone: DeletedLinkRecord = { code: stored.code, owner, deletedAt: new Date(now).toISOString() };
    const result = await kv
      .atomic()
      .check({ key: linkKey(stored.code), versionstamp: stored.versionstamp })
      .set(linkKey(stored.code), tombstone)
      .commit();
    if (result.ok) return { code: stored.code, value: tombstone, versionstamp: result.versionstamp };
    // Edited in between: read again (only its owner can have, so this ends).
  }
}

/** Whether the tombstone this delete made is still the record (another delete may have finished). */
async function stillOurs(kv: Kv, tombstone: StoredRecord): Promise<boolean> {
  return (await kv.get(linkKey(tombstone.code))).versionstamp === tombstone.versionstamp;
}

async function deleteAll(kv: Kv, keys: KvKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += MAX_KEYS_PER_COMMIT) {
    const op = kv.atomic();
    for (const key of keys.slice(i, i + MAX_KEYS_PER_COMMIT)) op.delete(key);
    await op.commit();
  }
}

async function emptyFamily(kv: Kv, tombstone: StoredRecord, prefix: KvKey): Promise<void> {
  for (;;) {
    // Checked before each chunk: once another delete has finished, the code may be a new link's.
    if (!(await stillOurs(kv, tombstone))) return;
    const keys: KvKey[] = [];
    for await (const entry of kv.list({ prefix }, { limit: MAX_KEYS_PER_COMMIT })) keys.push(entry.key);
    // list() with a prefix leaves out the prefix itself: a family that is one key (the totals).
    const own = await kv.get(prefix);
    if (own.versionstamp !== null) keys.push(prefix);
    if (keys.length === 0) return;
    await deleteAll(kv, keys);
  }
}

async function unlist(kv: Kv, owner: string, code: string): Promise<void> {
  const keys: KvKey[] = [];
  for await (const entry of kv.list<VisitorLinkEntry>({ prefix: visitorLinksPrefix(owner) })) {
    if (entry.value.code === code) keys.push(entry.key);
  }
  await deleteAll(kv, keys);
}

/** Deletes the link `code` of `owner` and all its analytics; a LinkError when missing or someone else's. */
export async function deleteLink(kv: Kv, code: string, owner: string, now = Date.now()): Promise<void> {
  const tombstone = await markDeleted(kv, code, owner, now);
  forgetLink(kv, tombstone.code);
  for (const prefix of linkDataPrefixes(tombstone.code)) await emptyFamily(kv, tombstone, prefix);
  await unlist(kv, owner, tombstone.code);
  await kv.atomic().check({ key: linkKey(tombstone.code), versionstamp: tombstone.versionstamp }).delete(linkKey(tombstone.code)).commit();
}
