// Live counts for the list page. kv.watch takes at most 10 keys and each post has two
// counters, so posts are watched five to a watch and the watches merged into one stream of
// the full { id: counts } map. The WatchHub shares subscriptions and reads with every other
// watcher in the process, so a thousand open list pages cost no more Redis work than one.

import type { Kv, KvU64, KvWatchSnapshot } from "@/lib/kv";
import { mapSource, mergeSources } from "@/lib/feeds";
import { commentCountKey, likesKey } from "./keys";
import { MAX_LISTED_POSTS } from "./read";
import { countOf } from "./read-many";
import type { LiveListCounts, PostCounts } from "./types";

const POSTS_PER_WATCH = 5;

interface GroupSnapshot {
  group: number;
  snapshot: KvWatchSnapshot<KvU64[]>;
}

/**
 * The counts of `ids`: first the full current state (once every watch has reported), then
 * the full state again after every change. return() ends every watch at once.
 */
export function watchListCounts(kv: Kv, ids: readonly string[]): AsyncIterableIterator<LiveListCounts> {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > MAX_LISTED_POSTS) {
    throw new RangeError(`Watch between 1 and ${MAX_LISTED_POSTS} posts`);
  }
  const groups: string[][] = [];
  for (let i = 0; i < unique.length; i += POSTS_PER_WATCH) groups.push(unique.slice(i, i + POSTS_PER_WATCH));
  const merged = mergeSources<GroupSnapshot>(
    ...groups.map((group, index) =>
      mapSource(kv.watch<KvU64[]>(group.flatMap((id) => [likesKey(id), commentCountKey(id)])), (snapshot) => ({
        group: index,
        snapshot,
      })),
    ),
  );

  // A Map, not an object, while folding: an id is data and must stay a plain key.
  const counts = new Map<string, PostCounts>();
  const versions = new Map<string, string>();
  const reported = new Set<number>();

  const apply = ({ group, snapshot }: GroupSnapshot): void => {
    groups[group].forEach((id, i) => {
      const likes = snapshot[2 * i];
      const comments = snapshot[2 * i + 1];
      counts.set(id, { likes: countOf(likes), comments: countOf(comments) });
      for (const versionstamp of [likes.versionstamp, comments.versionstamp]) {
        if (versionstamp !== null && versionstamp > (versions.get(id) ?? "")) versions.set(id, versionstamp);
      }
    });
    reported.add(group);
  };

  const state = (): LiveListCounts => {
    let version = "";
    for (const versionstamp of versions.values()) if (versionstamp > version) version = versionstamp;
    return { version, counts: Object.fromEntries(counts) };
  };

  const iterator: AsyncIterableIterator<LiveListCounts> = {
    async next() {
      for (;;) {
        const result = await merged.next();
        if (result.done) return { done: true, value: undefined };
        apply(result.value);
        // Until every group has reported, the map is partial: not a state to show.
        if (reported.size === groups.length) return { done: false, value: state() };
      }
    },
    async return() {
      await merged.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
