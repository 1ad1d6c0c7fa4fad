// Live counts for the list page: one watch of every post's two counters (watchMany splits
// them into watches of 10), as one stream of the full { id: counts } map. The WatchHub
// shares subscriptions and reads with every other watcher in the process, so a thousand
// open list pages cost no more Redis work than one.

import { mapSource, watchMany } from "@/lib/feeds";
import type { Kv, KvU64 } from "@/lib/kv";
import { commentCountKey, likesKey } from "./keys";
import { MAX_LISTED_POSTS } from "./read";
import { countOf } from "./read-many";
import type { LiveListCounts, PostCounts } from "./types";

/**
 * The counts of `ids`: first the full current state (once every watch has reported), then
 * the full state again after every change. return() ends every watch at once.
 */
export function watchListCounts(kv: Kv, ids: readonly string[]): AsyncIterableIterator<LiveListCounts> {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > MAX_LISTED_POSTS) {
    throw new RangeError(`Watch between 1 and ${MAX_LISTED_POSTS} posts`);
  }
  const keys = unique.flatMap((id) => [likesKey(id), commentCountKey(id)]);
  return mapSource(watchMany<KvU64>(kv, keys), (entries) => {
    // A Map, not an object, while folding: an id is data and must stay a plain key.
    const counts = new Map<string, PostCounts>();
    let version = "";
    unique.forEach((id, i) => {
      const likes = entries[2 * i];
      const comments = entries[2 * i + 1];
      counts.set(id, { likes: countOf(likes), comments: countOf(comments) });
      for (const versionstamp of [likes.versionstamp, comments.versionstamp]) {
        if (versionstamp !== null && versionstamp > version) version = versionstamp;
      }
    });
    return { version, counts: Object.fromEntries(counts) };
  });
}
