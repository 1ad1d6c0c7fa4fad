// The presence writes a visitor makes on purpose (their name, "I am typing") and a one-off
// read of who is in a room (for the server-rendered page and GET /api/rooms/{room}).

import type { Kv } from "@/lib/kv";
import { nameKey, presencePrefix, typingKey, type PresenceMark } from "../keys";
import { NAME_TTL_MS, TYPING_TTL_MS } from "../limits";
import { listPrefix } from "../list-prefix";
import { PresenceBook } from "./presence-book";
import { requireRoomEntry } from "../rooms/rooms";
import type { PresenceSnapshot } from "../types";
import { normalizeAuthor } from "../validate";

/** Sets the name the member shows under in the room's presence list. */
export async function setPresenceName(kv: Kv, roomId: string, memberId: string, rawName: string): Promise<string> {
  const name = normalizeAuthor(rawName);
  await requireRoomEntry(kv, roomId);
  await kv.set(nameKey(roomId, memberId), { name }, { expireIn: NAME_TTL_MS });
  return name;
}

/** Starts (or keeps up) the member's "typing…" for TYPING_TTL_MS, or ends it. */
export async function setTyping(kv: Kv, roomId: string, memberId: string, typing: boolean, now = Date.now()): Promise<void> {
  await requireRoomEntry(kv, roomId);
  if (!typing) {
    await kv.delete(typingKey(roomId, memberId));
    return;
  }
  const mark: PresenceMark = { expiresAt: now + TYPING_TTL_MS };
  await kv.set(typingKey(roomId, memberId), mark, { expireIn: TYPING_TTL_MS });
}

export async function readPresence(kv: Kv, roomId: string, now = Date.now()): Promise<PresenceSnapshot> {
  const book = new PresenceBook();
  for (const entry of (await listPrefix(kv, presencePrefix(roomId))).entries) book.apply(entry);
  book.prune(now);
  return book.snapshot();
}
