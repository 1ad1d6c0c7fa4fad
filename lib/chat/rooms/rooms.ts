// Creating and reading rooms. A room claims its folded name and its id in one commit that
// first checks both are free, so two people racing to create "Lobby" can never both get it.
// With a clientId the commit also remembers it (lib/idempotency), so a repeat answers with the
// room the first created, not with "name taken".

import { createdBefore, createRequest, rememberCreated, type ClientKey, type CreateRequest } from "@/lib/idempotency";
import type { Kv, KvEntry } from "@/lib/kv";
import { ChatError } from "../errors";
import { isRoomId, roomIdCandidate } from "../ids";
import { roomKey, roomNameKey } from "../keys";
import type { RoomRecord } from "../types";
import { foldRoomName, normalizeRoomName } from "../validate";

// Each retry draws a new random suffix; five taken in a row is not bad luck.
const ID_ATTEMPTS = 5;

export interface CreatedRoom {
  room: RoomRecord;
  /** False when the clientId had been sent already: `room` is the one created then. */
  created: boolean;
}

export async function createRoom(kv: Kv, rawName: string, now = Date.now()): Promise<RoomRecord> {
  return (await createRoomOnce(kv, rawName, null, now)).room;
}

/**
 * createRoom, with the creator's clientId (null: none): a repeat of it answers with the room
 * the first request created (as it is now), `created` false.
 */
export async function createRoomOnce(kv: Kv, rawName: string, client: ClientKey | null, now = Date.now()): Promise<CreatedRoom> {
  const name = normalizeRoomName(rawName);
  const request = createRequest("room_client_ids", [name], client);
  const earlier = await earlierRoom(kv, request);
  if (earlier) return { room: earlier, created: false };
  const nameKey = roomNameKey(foldRoomName(name));
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const id = roomIdCandidate(name, attempt);
    const room: RoomRecord = { id, name, createdAt: now, lastActivity: now, messageCount: 0, lastMessage: null };
    const op = kv
      .atomic()
      .check({ key: nameKey, versionstamp: null })
      .check({ key: roomKey(id), versionstamp: null })
      .set(nameKey, id)
      .set(roomKey(id), room);
    const result = await rememberCreated(op, request, id).commit();
    if (result.ok) return { room, created: true };
    // Lost to a twin with the same clientId (a double click)? Then its room is the answer.
    const twin = await earlierRoom(kv, request);
    if (twin) return { room: twin, created: false };
    // Lost on the name (someone has it) or on the id (another name with the same slug)?
    if ((await kv.get(nameKey)).versionstamp !== null) {
      throw new ChatError("room_name_taken", `There is already a room called "${name}".`);
    }
  }
  throw new ChatError("busy", "Could not find a free address for the room. Please try again.");
}

async function earlierRoom(kv: Kv, request: CreateRequest): Promise<RoomRecord | null> {
  const id = await createdBefore(kv, request);
  if (id === null) return null;
  // Rooms are never deleted, so this is there; if it is not, say so rather than make another.
  const room = await getRoom(kv, id);
  if (room === null) throw new ChatError("room_not_found", "The room this clientId created is gone.");
  return room;
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
