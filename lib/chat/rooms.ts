// Creating and reading rooms. A room claims its folded name and its id in one commit that
// first checks both are free, so two people racing to create "Lobby" can never both get it.

import type { Kv, KvEntry } from "@/lib/kv";
import { ChatError } from "./errors";
import { isRoomId, roomIdCandidate } from "./ids";
import { roomKey, roomNameKey } from "./keys";
import type { RoomRecord } from "./types";
import { foldRoomName, normalizeRoomName } from "./validate";

// Each retry draws a new random suffix; five taken in a row is not bad luck.
const ID_ATTEMPTS = 5;

export async function createRoom(kv: Kv, rawName: string, now = Date.now()): Promise<RoomRecord> {
  const name = normalizeRoomName(rawName);
  const nameKey = roomNameKey(foldRoomName(name));
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const id = roomIdCandidate(name, attempt);
    const room: RoomRecord = { id, name, createdAt: now, lastActivity: now, messageCount: 0, lastMessage: null };
    const result = await kv
      .atomic()
      .check({ key: nameKey, versionstamp: null })
      .check({ key: roomKey(id), versionstamp: null })
      .set(nameKey, id)
      .set(roomKey(id), room)
      .commit();
    if (result.ok) return room;
    // Lost on the name (someone has it) or on the id (another name with the same slug)?
    if ((await kv.get(nameKey)).versionstamp !== null) {
      throw new ChatError("room_name_taken", `There is already a room called "${name}".`);
    }
  }
  throw new ChatError("busy", "Could not find a free address for the room. Please try again.");
}

/** The room's entry (with the versionstamp of its newest message), or null. */
export async function getRoomEntry(kv: Kv, roomId: string): Promise<KvEntry<RoomRecord> | null> {
  if (!isRoomId(roomId)) return null;
  const entry = await kv.get<RoomRecord>(roomKey(roomId));
  return entry.versionstamp === null ? null : entry;
}

export async function getRoom(kv: Kv, roomId: string): Promise<RoomRecord | null> {
  return (await getRoomEntry(kv, roomId))?.value ?? null;
}

/** The room, or a room_not_found ChatError (404). */
export async function requireRoomEntry(kv: Kv, roomId: string): Promise<KvEntry<RoomRecord>> {
  const entry = await getRoomEntry(kv, roomId);
  if (entry === null) throw new ChatError("room_not_found", "There is no such room.");
  return entry;
}
