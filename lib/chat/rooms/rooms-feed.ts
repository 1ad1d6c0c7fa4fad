// The rooms list, live, for /chat. One feed per process, shared by every open rooms page:
// it lists the rooms and everyone's presence once, then applies what two prefix watches
// report, so each change costs one in-memory update and at most one recomputed list per
// ROOMS_THROTTLE_MS, however many pages are open.

import type { Kv, KvEntryMaybe, KvKey } from "@/lib/kv";
import { PRESENCE_PREFIX, ROOMS_PREFIX } from "../keys";
import { ROOMS_THROTTLE_MS } from "../limits";
import { listPrefix } from "../list-prefix";
import { RoomsBook } from "./rooms-book";
import { FeedRegistry, publishSnapshots, type Producer } from "@/lib/feeds";

import type { RoomsSnapshot } from "../types";
import { BEFORE_EVERYTHING, newestOf } from "../versionstamps";

export interface RoomsUpdate {
  /** The newest versionstamp the list reflects: the SSE event id. */
  id: string;
  snapshot: RoomsSnapshot;
}

const feeds = new FeedRegistry<RoomsUpdate>();

/** The rooms list now (for the server-rendered page and GET /api/rooms). */
export async function loadRooms(kv: Kv, now = Date.now()): Promise<RoomsSnapshot> {
  const book = new RoomsBook();
  const [rooms, presence] = await Promise.all([listPrefix(kv, ROOMS_PREFIX), listPrefix(kv, PRESENCE_PREFIX)]);
  rooms.entries.forEach((entry) => book.applyRoom(entry));
  presence.entries.forEach((entry) => book.applyPresence(entry));
  book.prune(now);
  return book.snapshot();
}

/** The rooms list now, then again whenever a room or an online count changes. */
export function watchRooms(kv: Kv, now: () => number = Date.now): AsyncIterableIterator<RoomsUpdate> {
  return feeds.subscribe(kv, "rooms", () => produceRooms(kv, now));
}

function produceRooms(kv: Kv, now: () => number): Producer<RoomsUpdate> {
  return async (emit, signal) => {
    const book = new RoomsBook();
    const [rooms, presence] = await Promise.all([listPrefix(kv, ROOMS_PREFIX), listPrefix(kv, PRESENCE_PREFIX)]);
    if (signal.aborted) return;
    rooms.entries.forEach((entry) => book.applyRoom(entry));
    presence.entries.forEach((entry) => book.applyPresence(entry));
    let id = newestOf(rooms.newest, presence.newest) ?? BEFORE_EVERYTHING;

    // Each watch resumes right after its own listing, so nothing falls between the two.
    const follow = (prefix: KvKey, newest: string | null, apply: (entry: KvEntryMaybe) => void) => ({
      reader: kv.watchPrefix(prefix, { since: newest ?? BEFORE_EVERYTHING }).getReader(),
      apply,
    });
    const readers = [
      follow(ROOMS_PREFIX, rooms.newest, (entry) => book.applyRoom(entry)),
      follow(PRESENCE_PREFIX, presence.newest, (entry) => book.applyPresence(entry)),
    ];
    const stop = (): void => readers.forEach(({ reader }) => void reader.cancel().catch(() => {}));
    signal.addEventListener("abort", stop, { once: true });

    const publisher = publishSnapshots(book, {
      emit: (snapshot) => emit({ id, snapshot }),
      interval: ROOMS_THROTTLE_MS,
      now,
      signal,
    });
    publisher.schedule();
    try {
      // Either watch ending (the Kv closed) ends the feed; the other is cancelled by stop().
      await Promise.race(
        readers.map(async ({ reader, apply }) => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done || signal.aborted) return;
            for (const entry of value) {
              apply(entry);
              id = newestOf(id, entry.versionstamp) ?? id;
            }
            publisher.schedule();
          }
        }),
      );
    } finally {
      publisher.dispose();
      signal.removeEventListener("abort", stop);
      stop();
    }
  };
}
