// Creating and reading rooms. A room's name is claimed first — the folded name pointing at
// the room's id, in a commit that checks it is free, so two people racing to create "Lobby"
// can never both get it — and the room record is written second, checked free too.
//
// Two commits, not one: on a Redis Cluster a commit stays within one partition, and a name's
// and a room's are different ones (lib/server/partitions.ts). The order keeps every state a
// reader can meet whole: the rooms list and a room's page read room records, so a claim whose
// room is not written yet (the second commit still on its way, or lost to a fault) is seen by
// nobody but a create of the same name — which completes it (writes the room for the claimed
// id) instead of refusing forever, so a failure between the steps loses the name to no one.
// With a clientId the first commit also remembers it (lib/idempotency; under the folded name,
// in the name's partition), so a repeat answers with the room the first created, not with
// "name taken", completing it first if need be.
import {
  createdBefore,
  createRequest,
  rememberCreated,
  rememberCreatedAgain,
  type ClientKey,
  type CreateRequest,
} from "@/lib/idempotency";
import type { Kv, KvEntry } from "@/lib/kv";
import { ChatError } from "../errors";
import { isRoomId, roomIdCandidate } from "../ids";
import { roomClientIdsPrefix, roomKey, roomNameKey } from "../keys";
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
  const folded = foldRoomName(name);
  const request = createRequest(roomClientIdsPrefix(folded), [name], client);
  const earlier = await earlierRoom(kv, request, name, now);
  if (earlier) return { room: earlier, created: false };
  const nameKey = roomNameKey(folded);
  // The versionstamp of this request's own claim, once it has one.
  let claim: string | null = null;
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const id = roomIdCandidate(name, attempt);
    // Step 1, the name's partition: the name (and the clientId) point at this id.
    const claiming = kv.atomic().check({ key: nameKey, versionstamp: claim }).set(nameKey, id);
    const claimed = await (claim === null ? rememberCreated(claiming, request, id) : rememberCreatedAgain(claiming, request, id)).commit();
    if (!claimed.ok) {
      // Lost to a twin with the same clientId (a double click)? Then its room is the answer.
      const twin = await earlierRoom(kv, request, name, now);
      if (twin) return { room: twin, created: false };
      await completeClaim(kv, nameKey, name, now);
      throw new ChatError("room_name_taken", `There is already a room called "${name}".`);
    }
    claim = claimed.versionstamp;
    // Step 2, the room's partition: the room, its id checked free.
    const room = await writeRoom(kv, id, name, now);
    if (room) return { room, created: true };
    // The id is another room's (another name with the same slug): claim the next candidate.
  }
  throw new ChatError("busy", "Could not find a free address for the room. Please try again.");
}

/**
 * Writes the room record of a claimed name's id unless one is there. Returns the room of that
 * name — written now, or by a create that got there first — or null when the id is another
 * name's room.
 */
async function writeRoom(kv: Kv, id: string, name: string, now: number): Promise<RoomRecord | null> {
  const room: RoomRecord = { id, name, createdAt: now, lastActivity: now, messageCount: 0, lastMessage: null };
  const written = await kv.atomic().check({ key: roomKey(id), versionstamp: null }).set(roomKey(id), room).commit();
  if (written.ok) return room;
  const existing = await getRoom(kv, id);
  return existing !== null && foldRoomName(existing.name) === foldRoomName(name) ? existing : null;
}

/**
 * A name found claimed: makes sure its room exists, writing it for the claimed id if the
 * create that claimed it stopped between its steps (with this request's spelling of the name,
 * which folds the same).
 */
async function completeClaim(kv: Kv, nameKey: ReturnType<typeof roomNameKey>, name: string, now: number): Promise<void> {
  const { value: id } = await kv.get<string>(nameKey);
  if (id !== null) await writeRoom(kv, id, name, now);
}

async function earlierRoom(kv: Kv, request: CreateRequest, name: string, now: number): Promise<RoomRecord | null> {
  const id = await createdBefore(kv, request);
  if (id === null) return null;
  // Rooms are never deleted: a claim without its room is a create stopped between its steps.
  const room = (await getRoom(kv, id)) ?? (await writeRoom(kv, id, name, now));
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
