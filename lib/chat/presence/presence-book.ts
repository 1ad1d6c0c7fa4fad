// Who is in one room, kept in memory from the entries under ["presence", roomId]: built from a
// listing, then kept current by applying each change a prefix watch reports. Pure (no I/O),
// so both live feeds (a room's presence, the rooms list's online counts) share it.
//
// Entries carry their own expiry time and the book drops them when it passes, without
// waiting for Redis: an expiry notification can come late, and one that fell into a
// subscriber reconnect never comes at all. Either way a closed tab leaves within the TTL.

import type { KvEntryMaybe, KvKey } from "@/lib/kv";
import type { NameMark, PresenceMark } from "../keys";
import { PRESENCE_LIST_LIMIT } from "../limits";
import type { PresenceMember, PresenceSnapshot } from "../types";

export const GUEST_NAME = "Guest";

function isMark(value: unknown): value is PresenceMark {
  return typeof value === "object" && value !== null && typeof (value as PresenceMark).expiresAt === "number";
}

function isNameMark(value: unknown): value is NameMark {
  return typeof value === "object" && value !== null && typeof (value as NameMark).name === "string";
}

/** The parts of a key under ["presence", roomId]: [member, kind, instance?], or null. */
export function presencePartsOf(key: KvKey): { roomId: string; memberId: string; kind: string; instance: string } | null {
  const [family, roomId, memberId, kind, instance] = key;
  if (family !== "presence" || typeof roomId !== "string" || typeof memberId !== "string" || typeof kind !== "string") {
    return null;
  }
  return { roomId, memberId, kind, instance: typeof instance === "string" ? instance : "" };
}

export class PresenceBook {
  /** member → (process instance → expiresAt) */
  #connections = new Map<string, Map<string, number>>();
  #typing = new Map<string, number>();
  #names = new Map<string, string>();

  /** Applies one stored entry (value null: deleted or expired). */
  apply(entry: KvEntryMaybe): void {
    const parts = presencePartsOf(entry.key);
    if (parts === null) return;
    const { memberId, kind, instance } = parts;
    const value = entry.value;
    if (kind === "conn") {
      const byInstance = this.#connections.get(memberId) ?? new Map<string, number>();
      if (isMark(value)) byInstance.set(instance, value.expiresAt);
      else byInstance.delete(instance);
      if (byInstance.size > 0) this.#connections.set(memberId, byInstance);
      else this.#connections.delete(memberId);
    } else if (kind === "typing") {
      if (isMark(value)) this.#typing.set(memberId, value.expiresAt);
      else this.#typing.delete(memberId);
    } else if (kind === "name") {
      if (isNameMark(value)) this.#names.set(memberId, value.name);
      else this.#names.delete(memberId);
    }
  }

  /** Drops everything that expired by `now`. */
  prune(now: number): void {
    for (const [memberId, byInstance] of this.#connections) {
      for (const [instance, expiresAt] of byInstance) if (expiresAt <= now) byInstance.delete(instance);
      if (byInstance.size === 0) this.#connections.delete(memberId);
    }
    for (const [memberId, expiresAt] of this.#typing) if (expiresAt <= now) this.#typing.delete(memberId);
  }

  /** When the next entry expires (epoch ms), or null if nothing will. */
  nextExpiry(): number | null {
    let next = Infinity;
    for (const byInstance of this.#connections.values()) for (const at of byInstance.values()) next = Math.min(next, at);
    for (const at of this.#typing.values()) next = Math.min(next, at);
    return next === Infinity ? null : next;
  }

  get online(): number {
    return this.#connections.size;
  }

  get empty(): boolean {
    return this.#connections.size === 0 && this.#typing.size === 0 && this.#names.size === 0;
  }

  #member(memberId: string): PresenceMember {
    return { memberId, name: this.#names.get(memberId) ?? GUEST_NAME };
  }

  /** Online members by name (capped), and who is typing among them. Call prune() first. */
  snapshot(): PresenceSnapshot {
    const members = [...this.#connections.keys()].map((id) => this.#member(id));
    members.sort((a, b) => a.name.localeCompare(b.name) || a.memberId.localeCompare(b.memberId));
    // Typing only counts while the typist is here: a report racing a closed tab is noise.
    const typing = [...this.#typing.keys()]
      .filter((id) => this.#connections.has(id))
      .map((id) => this.#member(id))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { online: members.length, members: members.slice(0, PRESENCE_LIST_LIMIT), typing: typing.slice(0, 10) };
  }
}
