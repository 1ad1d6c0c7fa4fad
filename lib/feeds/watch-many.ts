// kv.watch() for any number of keys. Deno's watch takes at most 10 keys, so the keys are
// split into groups of 10, one watch each, and their snapshots put back together: the
// entries of every key, in the order given. The watches share their Redis subscriptions and
// reads with every other watcher in the process (the WatchHub), so nothing here is
// per-client Redis work.
//
// A reader gets the newest whole state (a LatestIterator): one that reads slower than the
// keys change skips states in between, and the server never queues for it.

import type { Kv, KvEntryMaybe, KvKey, KvWatchSnapshot } from "@/lib/kv";
import { LatestIterator } from "./latest-iterator";

/** Deno KV's limit on the keys of one watch. */
const KEYS_PER_WATCH = 10;

/**
 * The entries of `keys`, in order: first once every watch has reported (a partial state is
 * not one to show), then again after every change. Ends every watch at once on return() or
 * when `signal` aborts; a watch that fails ends the rest and is thrown to the reader.
 */
export function watchMany<T>(kv: Kv, keys: readonly KvKey[], signal?: AbortSignal): AsyncIterableIterator<KvEntryMaybe<T>[]> {
  const readers: ReadableStreamDefaultReader<KvWatchSnapshot<T[]>>[] = [];
  const cancelAll = (): void => {
    for (const reader of readers) void reader.cancel().catch(() => {});
  };
  const out = new LatestIterator<KvEntryMaybe<T>[]>(cancelAll, signal);
  if (out.ended) return out;

  const entries: (KvEntryMaybe<T> | undefined)[] = keys.map(() => undefined);
  let waitingForFirst = Math.ceil(keys.length / KEYS_PER_WATCH);
  // A copy: a reader may hold a state while the next change comes in. Complete once every
  // watch has reported, which is the only time it is called.
  const publish = (): void => out.push([...entries] as KvEntryMaybe<T>[]);
  if (waitingForFirst === 0) publish();

  for (let start = 0; start < keys.length; start += KEYS_PER_WATCH) {
    const group = keys.slice(start, start + KEYS_PER_WATCH);
    const reader = kv.watch<T[]>(group).getReader();
    readers.push(reader);
    void (async () => {
      let first = true;
      for (;;) {
        const { done, value } = await reader.read();
        if (done || out.ended) return;
        group.forEach((_, i) => (entries[start + i] = value[i]));
        if (first) {
          first = false;
          waitingForFirst--;
        }
        if (waitingForFirst === 0) publish();
      }
    })().catch((error: unknown) => {
      out.end(error);
      cancelAll();
    });
  }
  return out;
}
