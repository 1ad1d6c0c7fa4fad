// Live click counts for a list of links (the /links page). kv.watch takes at most 10 keys,
// so the codes are split into groups of 10, one watch each, merged into one stream of the
// full { code: clicks } map. The watches share their Redis subscriptions and reads with
// every other watcher in the process (the WatchHub), so nothing here is per-client Redis work.

import type { Kv, KvU64, KvWatchSnapshot } from "@/lib/kv";
import { clicksKey } from "./keys";
import { LatestIterator } from "@/lib/feeds";

export const MAX_WATCHED_CODES = 50;
const KEYS_PER_WATCH = 10;

export interface ClickCountsUpdate {
  /** The newest versionstamp among the counters ("0" when none has been clicked). */
  id: string;
  counts: Record<string, number>;
}

export function watchClickCounts(
  kv: Kv,
  codes: readonly string[],
  signal?: AbortSignal,
): AsyncIterableIterator<ClickCountsUpdate> {
  const unique = [...new Set(codes)];
  if (unique.length > MAX_WATCHED_CODES) {
    throw new RangeError(`At most ${MAX_WATCHED_CODES} codes can be watched at once`);
  }
  // A Map, not an object: a code such as "__proto__" is valid and must stay a plain key.
  const counts = new Map<string, number>(unique.map((code) => [code, 0]));
  const stamps = new Map<string, string>();
  const readers: ReadableStreamDefaultReader<KvWatchSnapshot<KvU64[]>>[] = [];
  const cancelAll = (): void => {
    for (const reader of readers) void reader.cancel().catch(() => {});
  };
  const out = new LatestIterator<ClickCountsUpdate>(cancelAll, signal);
  if (out.ended) return out;

  const groups: string[][] = [];
  for (let i = 0; i < unique.length; i += KEYS_PER_WATCH) groups.push(unique.slice(i, i + KEYS_PER_WATCH));
  let waitingForFirst = groups.length;

  const publish = (): void => {
    let id = "0";
    for (const stamp of stamps.values()) if (stamp > id) id = stamp;
    out.push({ id, counts: Object.fromEntries(counts) });
  };
  if (groups.length === 0) publish();

  for (const group of groups) {
    const reader = kv.watch<KvU64[]>(group.map(clicksKey)).getReader();
    readers.push(reader);
    void (async () => {
      let first = true;
      for (;;) {
        const { done, value } = await reader.read();
        if (done || out.ended) return;
        group.forEach((code, i) => {
          const entry = value[i];
          counts.set(code, entry.value === null ? 0 : Number(entry.value.value));
          if (entry.versionstamp !== null) stamps.set(code, entry.versionstamp);
        });
        if (first) {
          first = false;
          waitingForFirst--;
        }
        // The first update waits for every group, so it is the complete current state.
        if (waitingForFirst === 0) publish();
      }
    })().catch((error: unknown) => {
      out.end(error);
      cancelAll();
    });
  }
  return out;
}
