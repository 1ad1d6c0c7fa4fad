// A room's log — its messages, and the updates to them (MessageUpdate) — as one shared,
// ordered log per process. One prefix watch per room feeds
// a window of the newest messages in memory; every open stream to the room reads it through
// its own cursor, the seq of the next message it needs. So a message costs the process one
// read and one decode however many streams show it, and a stream costs a number, not a queue.
//
// Seqs make order and completeness checkable: they are 1, 2, 3… in commit order with no
// gaps. The log appends only the next seq; if the watch ever skipped one (it should not),
// the gap is read from the store before going on. A cursor behind the window (a resume from
// long ago, or a reader slower than the room) reads the store by key range until it catches
// up with the window. Either way each stream gets every message once, in order.

import type { Kv } from "@/lib/kv";
import { SharedRegistry } from "@/lib/feeds";
import { isRedisUnavailable } from "@/lib/redis/unavailable";
import { messageKey, messagesPrefix, roomKey } from "../keys";
import { headOf, type RoomLogEntry, type RoomRecord } from "../types";

/** Messages kept in memory per room: enough for every reader that is merely a little behind. */
export const WINDOW = 1_000;
/** Messages read from the store at a time by a reader behind the window. */
const STORE_PAGE = 500;
/** How often a store read is tried again while Redis is away. */
const RETRY_MS = 500;

// A new message has an id; an update its new state. (The watch also reports the messages
// that updates rewrite in place: they are at old seqs, which the log already has.)
function isLogEntry(value: unknown): value is RoomLogEntry {
  const entry = value as Partial<Record<"seq" | "id" | "update", unknown>> | null;
  if (typeof entry !== "object" || entry === null || typeof entry.seq !== "number") return false;
  return typeof entry.id === "string" || (typeof entry.update === "object" && entry.update !== null);
}

/** Log entries with seq from..to (inclusive), read from the store. */
async function readRange(kv: Kv, roomId: string, from: number, to: number): Promise<RoomLogEntry[]> {
  const out: RoomLogEntry[] = [];
  if (to < from) return out;
  const iterator = kv.list<RoomLogEntry>(
    { start: messageKey(roomId, from), end: messageKey(roomId, to + 1) },
    { limit: Math.min(STORE_PAGE, to - from + 1) },
  );
  for await (const entry of iterator) if (isLogEntry(entry.value)) out.push(entry.value);
  return out;
}

class RoomLog {
  /** The newest messages, seq firstSeq … newestSeq, contiguous. */
  #window: RoomLogEntry[] = [];
  #firstSeq = 1;
  #newestSeq = 0;
  #waiting = new Set<Cursor>();
  #failure: { error: unknown } | null = null;
  #reader: ReadableStreamDefaultReader<unknown> | null = null;
  readonly started: Promise<void>;

  constructor(
    private readonly kv: Kv,
    private readonly roomId: string,
    /** Called once when the log stops (closed, or failed): forget it. */
    private readonly onClose: () => void,
  ) {
    this.started = this.#start();
    this.started.catch((error: unknown) => this.#fail(error));
  }

  /** The newest seq this log knows of (after `started`). */
  get newestSeq(): number {
    return this.#newestSeq;
  }

  /** Stops the log: its last reader has left. */
  close(): void {
    this.#fail(new Error("room log closed"));
  }

  /**
   * Messages from seq `next` on (at least one; waits for it if it is not sent yet), or []
   * once `cursor` is closed. Rejects if the log failed; the stream then ends and its client
   * resumes elsewhere.
   */
  async read(next: number, cursor: Cursor): Promise<RoomLogEntry[]> {
    await this.started;
    for (;;) {
      if (this.#failure) throw this.#failure.error;
      if (cursor.closed) return [];
      if (next <= this.#newestSeq) {
        if (next >= this.#firstSeq) return this.#window.slice(next - this.#firstSeq);
        // Behind the window: from the store, up to where the window starts.
        const to = Math.min(this.#firstSeq - 1, next + STORE_PAGE - 1);
        const page = await this.#throughOutage(() => readRange(this.kv, this.roomId, next, to));
        if (page.length > 0 && page[0].seq === next) return page;
        // A message missing from the store cannot be delivered in order: fail loudly.
        throw new Error(`room log: message ${next} of room ${this.roomId} is missing from the store`);
      }
      // A plain callback per waiting cursor (no AbortSignal listener to add and remove on
      // every message: with a thousand readers that bookkeeping shows up in profiles).
      await new Promise<void>((resolve) => {
        cursor.wake = resolve;
        this.#waiting.add(cursor);
      });
    }
  }

  /** Stops waiting for `cursor` (its pending read returns []). */
  release(cursor: Cursor): void {
    cursor.closed = true;
    this.#waiting.delete(cursor);
    cursor.wake?.();
  }

  async #start(): Promise<void> {
    const room = await this.#throughOutage(() => this.kv.get<RoomRecord>(roomKey(this.roomId)));
    // Its last reader left (or it failed) during that read: a watch opened now would have
    // no one to cancel it, and would run for as long as the process does.
    if (this.#failure) return;
    if (room.versionstamp === null) throw new Error(`room log: no room ${this.roomId}`);
    this.#newestSeq = headOf(room.value);
    this.#firstSeq = this.#newestSeq + 1;
    // From the room record's versionstamp, which is its newest message's: the watch's
    // catch-up delivers whatever was committed between this read and its subscription.
    const reader = this.kv.watchPrefix(messagesPrefix(this.roomId), { since: room.versionstamp }).getReader();
    this.#reader = reader;
    void this.#follow(reader).catch((error: unknown) => this.#fail(error));
  }

  async #follow(reader: ReadableStreamDefaultReader<unknown>): Promise<void> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        this.#fail(new Error("room log: the watch ended"));
        return;
      }
      const batch = (value as { value: unknown }[]).map((entry) => entry.value).filter(isLogEntry);
      batch.sort((a, b) => a.seq - b.seq);
      for (const message of batch) {
        if (message.seq <= this.#newestSeq) continue; // already have it
        if (message.seq > this.#newestSeq + 1) {
          // A gap: fill it from the store so the window stays contiguous.
          const gap = await this.#throughOutage(() => readRange(this.kv, this.roomId, this.#newestSeq + 1, message.seq - 1));
          for (const missing of gap) this.#append(missing);
          if (message.seq !== this.#newestSeq + 1) throw new Error(`room log: could not fill the gap before ${message.seq}`);
        }
        this.#append(message);
      }
      this.#wake();
    }
  }

  /**
   * A store read that waits out a Redis outage, trying again every RETRY_MS, instead of
   * failing the log: its streams stay open (saying "reconnecting", as every stream does while
   * Redis is away) and go on where they were once it is back. Gives up when the log stops.
   */
  async #throughOutage<T>(read: () => Promise<T>): Promise<T> {
    for (;;) {
      if (this.#failure) throw this.#failure.error;
      try {
        return await read();
      } catch (error) {
        if (!isRedisUnavailable(error)) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  #append(message: RoomLogEntry): void {
    if (message.seq !== this.#newestSeq + 1) return;
    this.#window.push(message);
    this.#newestSeq = message.seq;
    if (this.#window.length > WINDOW) {
      const drop = this.#window.length - WINDOW;
      this.#window.splice(0, drop);
      this.#firstSeq += drop;
    }
  }

  // A failed log is forgotten at once, so the next stream to the room starts a fresh one
  // while the readers of this one end (and their clients resume).
  #fail(error: unknown): void {
    if (this.#failure) return;
    this.#failure = { error };
    void this.#reader?.cancel().catch(() => {});
    this.#wake();
    this.onClose();
  }

  #wake(): void {
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const cursor of waiting) {
      const wake = cursor.wake;
      cursor.wake = undefined;
      wake?.();
    }
  }
}

/** One reader's place in a log: whether it is done, and how to wake its pending read. */
interface Cursor {
  closed: boolean;
  wake: (() => void) | undefined;
}

const logs = new SharedRegistry<RoomLog>((log) => log.close());

/** The room's shared log in this process, joined; call leave() when done with it. */
export function joinRoomLog(kv: Kv, roomId: string): RoomLogHandle {
  const lease = logs.acquire(kv, roomId, (forget) => new RoomLog(kv, roomId, forget));
  const log = lease.value;
  const cursor: Cursor = { closed: false, wake: undefined };
  return {
    started: log.started,
    newestSeq: () => log.newestSeq,
    read: (next) => log.read(next, cursor),
    leave: () => {
      if (cursor.closed) return;
      log.release(cursor);
      lease.release();
    },
  };
}

export interface RoomLogHandle {
  started: Promise<void>;
  newestSeq(): number;
  /** Log entries from seq `next` on; waits for the next one; [] after leave(). */
  read(next: number): Promise<RoomLogEntry[]>;
  /** Ends this reader (a pending read returns []); the log stops with its last reader. */
  leave(): void;
}

/** Room logs running on `kv` (for tests). */
export function runningRoomLogs(kv: Kv): number {
  return logs.size(kv);
}
