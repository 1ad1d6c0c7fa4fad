// A private key that brings a visitor back: the way "my links" (and the rest of what the
// visitor id holds: likes, chat identity) survive clearing cookies, for a visitor who wants
// that. The visitor asks for a key; it is shown once (the app shows it as a link to keep) and
// only its SHA-256 is stored. Opening it in any browser gives that browser the visitor's
// cookie again (restoreVisitorCookie). A new key replaces the old one, which stops working.
//
//   ["visitor_restore_keys", sha256(key)] → { visitorId }     the key's owner
//   ["visitor_restore_key_of", visitorId] → { hash }          the visitor's one valid key
//
// Two partitions, so two commits; a key counts only while both agree, which makes replacing a
// key one commit (the second) and leaves an interrupted replacement harmless.

import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Kv, KvKey } from "@/lib/kv";
import { requestOrigin } from "@/lib/http/origin";
import { visitorSecret } from "./secret";
import { ID_PATTERN, signVisitorId } from "./signature";
import { visitorCookie } from "./visitor-id";

// 256 random bits, base64url: 43 characters.
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const keyOwnerKey = (hash: string): KvKey => ["visitor_restore_keys", hash];
const visitorKeyKey = (visitorId: string): KvKey => ["visitor_restore_key_of", visitorId];

const hashOf = (key: string): string => createHash("sha256").update(key).digest("base64url");

export function isRestoreKeyShaped(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** A new private key for `visitorId`, replacing any earlier one. Shown once: only its hash is kept. */
export async function createRestoreKey(kv: Kv, visitorId: string): Promise<string> {
  if (!ID_PATTERN.test(visitorId)) throw new RangeError("not a visitor id");
  const key = randomBytes(32).toString("base64url");
  const hash = hashOf(key);
  const previous = await kv.get<{ hash: string }>(visitorKeyKey(visitorId));
  await kv.set(keyOwnerKey(hash), { visitorId });
  // Last: from this commit on the new key works and the old one does not.
  await kv.set(visitorKeyKey(visitorId), { hash });
  if (previous.value !== null && previous.value.hash !== hash) await kv.delete(keyOwnerKey(previous.value.hash));
  return key;
}

/** The visitor `key` brings back, or null for a key that is unknown, replaced or malformed. */
export async function visitorOfRestoreKey(kv: Kv, key: string): Promise<string | null> {
  if (!isRestoreKeyShaped(key)) return null;
  const hash = hashOf(key);
  const owner = await kv.get<{ visitorId: string }>(keyOwnerKey(hash));
  if (owner.value === null) return null;
  const current = await kv.get<{ hash: string }>(visitorKeyKey(owner.value.visitorId));
  return current.value?.hash === hash ? owner.value.visitorId : null;
}

/** The Set-Cookie value that makes the requesting browser visitor `visitorId`. */
export async function restoreVisitorCookie(request: Request, kv: Kv, visitorId: string): Promise<string> {
  const secure = requestOrigin(request).startsWith("https:");
  return visitorCookie(signVisitorId(visitorId, await visitorSecret(kv)), { secure });
}

export const restoreBody = z.object({
  key: z.string({ error: "key is required and must be a string" }).max(256, "key is too long"),
});
