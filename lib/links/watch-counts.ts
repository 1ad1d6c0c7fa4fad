// Live click counts for a list of links (the /links page): one watch of every code's
// counter (watchMany splits them into watches of 10), as one stream of the full
// { code: clicks } map.

import type { Kv, KvU64 } from "@/lib/kv";
import { mapSource, watchMany } from "@/lib/feeds";
import { clicksKey } from "./keys";

export const MAX_WATCHED_CODES = 50;

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
  return mapSource(watchMany<KvU64>(kv, unique.map(clicksKey), signal), (entries) => {
    // A Map, not an object, while folding: a code such as "__proto__" is valid and must stay a plain key.
    const counts = new Map<string, number>();
    let id = "0";
    unique.forEach((code, i) => {
      const entry = entries[i];
      counts.set(code, entry.value === null ? 0 : Number(entry.value.value));
      if (entry.versionstamp !== null && entry.versionstamp > id) id = entry.versionstamp;
    });
    return { id, counts: Object.fromEntries(counts) };
  });
}
