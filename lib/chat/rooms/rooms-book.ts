// The rooms list in memory: every room record and each room's presence, kept current by
// applying the changes two prefix watches report (["rooms"], ["presence"]). Pure (no I/O).

import type { KvEntryMaybe } from "@/lib/kv";
import { ROOMS_LIST_LIMIT } from "../limits";
import { PresenceBook, presencePartsOf } from "../presence/presence-book";
import type { RoomRecord, RoomsSnapshot } from "../types";

function isRoomRecord(value: unknown): value is RoomRecord {
  const room = value as RoomRecord | null;
  return (
    typeof room === "object" &&
    room !== null &&
    typeof room.id === "string" &&
    typeof room.name === "string" &&
    typeof room.lastActivity === "number"
  );
}

export class RoomsBook {
  #rooms = new Map<string, RoomRecord>();
  #presence = new Map<string, PresenceBook>();

  applyRoom(entry: KvEntryMaybe): void {
    const [, roomId] = entry.key;
    if (typeof roomId !== "string") return;
    if (isRoomRecord(entry.value)) this.#rooms.set(roomId, entry.value);
    else if (entry.value === null) this.#rooms.delete(roomId);
  }

  applyPresence(entry: KvEntryMaybe): void {
    const parts = presencePartsOf(entry.key);
    // Only connections count here; names and typing matter inside a room, not in the list.
    if (parts === null || parts.kind !== "conn") return;
    let book = this.#presence.get(parts.roomId);
    if (!book) {
      book = new PresenceBook();
      this.#presence.set(parts.roomId, book);
    }
    book.apply(entry);
    if (book.empty) this.#presence.delete(parts.roomId);
  }

  prune(now: number): void {
    for (const [roomId, book] of this.#presence) {
      book.prune(now);
      if (book.empty) this.#presence.delete(roomId);
    }
  }

  nextExpiry(): number | null {
    let next: number | null = null;
    for (const book of this.#presence.values()) {
      const at = book.nextExpiry();
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  /** The most recently active rooms first, with online counts. Call prune() first. */
  snapshot(limit = ROOMS_LIST_LIMIT): RoomsSnapshot {
    const rooms = [...this.#rooms.values()]
      .sort((a, b) => b.lastActivity - a.lastActivity || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map((room) => ({ ...room, online: this.#presence.get(room.id)?.online ?? 0 }));
    return { rooms, total: this.#rooms.size };
  }
}
