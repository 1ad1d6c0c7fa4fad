// How far this browser has read each room: the room's message count when it was last seen,
// kept in localStorage. Unread = the room's messageCount now minus that.
//
// Why here and not per visitor in the Kv: a visitor *is* a browser (a cookie), so a server-side
// mark would follow no one further; and keeping it current would be a write per message per
// open viewer, each one heard by every rooms-list watcher. In the browser it costs nothing, is
// private, and other tabs see it at once (the storage event). Rooms never opened here show no
// count: a first look at the list should not shout "143 unread" at every room.

const KEY = "livekv:chat:read";

export type Marks = Readonly<Record<string, number>>;
export const NO_MARKS: Marks = Object.freeze({});
const NONE = NO_MARKS;

let cached: { raw: string | null; marks: Marks } = { raw: null, marks: NONE };
const listeners = new Set<() => void>();

/** The read marks of every room in this browser. */
export function readMarks(): Marks {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    return NONE; // storage blocked: nothing remembered
  }
  if (raw === cached.raw) return cached.marks;
  let marks: Marks = NONE;
  try {
    const parsed: unknown = raw === null ? {} : JSON.parse(raw);
    if (typeof parsed === "object" && parsed !== null) {
      marks = Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
    }
  } catch {
    marks = NONE;
  }
  cached = { raw, marks };
  return marks;
}

/** Calls `listener` when the marks change, in this tab or another. */
export function subscribeToMarks(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** Remembers that `count` messages of the room have been seen (a mark never goes back). */
export function markRead(roomId: string, count: number): void {
  const marks = readMarks();
  if ((marks[roomId] ?? -1) >= count) return;
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ ...marks, [roomId]: count }));
  } catch {
    return;
  }
  for (const listener of listeners) listener();
}

/** Messages in a room this browser has not seen, or null for a room never opened here. */
export function unreadCount(marks: Marks, roomId: string, messageCount: number): number | null {
  const seen = marks[roomId];
  return seen === undefined ? null : Math.max(0, messageCount - seen);
}
