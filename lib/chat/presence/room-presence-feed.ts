// A room's presence, live: who is online and who is typing. One feed per room per process,
// shared by every open stream to that room (a shared feed, lib/feeds): it lists the room's presence
// entries once, then applies the changes one prefix watch reports. Refreshes (the same
// members, later expiry) change nothing anyone sees and send nothing; joins and leaves in a
// burst are sent as one update (PRESENCE_THROTTLE_MS, longer in big rooms).

import type { Kv } from "@/lib/kv";
import { presencePrefix } from "../keys";
import { PRESENCE_THROTTLE_MAX_MS, PRESENCE_THROTTLE_MS, PRESENCE_THROTTLE_PER } from "../limits";
import { listPrefix } from "../list-prefix";
import { PresenceBook } from "./presence-book";
import { FeedRegistry, publishSnapshots, type Producer } from "@/lib/feeds";

import type { PresenceSnapshot } from "../types";
import { BEFORE_EVERYTHING } from "../versionstamps";

const feeds = new FeedRegistry<PresenceSnapshot>();

/** The room's presence now, then after every change anyone could see, until return(). */
export function watchRoomPresence(kv: Kv, roomId: string, now: () => number = Date.now): AsyncIterableIterator<PresenceSnapshot> {
  return feeds.subscribe(kv, roomId, () => producePresence(kv, roomId, now));
}

/** Presence feeds running on `kv` (for tests and metrics). */
export function runningPresenceFeeds(kv: Kv): number {
  return feeds.running(kv);
}

function producePresence(kv: Kv, roomId: string, now: () => number): Producer<PresenceSnapshot> {
  return async (emit, signal) => {
    const book = new PresenceBook();
    const { entries, newest } = await listPrefix(kv, presencePrefix(roomId));
    if (signal.aborted) return;
    for (const entry of entries) book.apply(entry);
    // `since` makes the watch list whatever changed after our listing once it is subscribed:
    // no change falls between the two.
    const reader = kv.watchPrefix(presencePrefix(roomId), { since: newest ?? BEFORE_EVERYTHING }).getReader();
    const stop = (): void => void reader.cancel().catch(() => {});
    signal.addEventListener("abort", stop, { once: true });

    // Each update goes to every viewer, so a bigger room gets them less often.
    const interval = (): number =>
      Math.min(PRESENCE_THROTTLE_MAX_MS, PRESENCE_THROTTLE_MS * (1 + Math.floor(book.online / PRESENCE_THROTTLE_PER)));
    const publisher = publishSnapshots(book, { emit, interval, now, signal });
    publisher.schedule();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || signal.aborted) return;
        for (const entry of value) book.apply(entry);
        publisher.schedule();
      }
    } finally {
      publisher.dispose();
      signal.removeEventListener("abort", stop);
      stop();
    }
  };
}
