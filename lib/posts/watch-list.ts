// The list page, live. Two parts, merged into one stream for one SSE connection per page:
// - which posts are listed: the feed key (./feed), watched; each change (a new post) sends
//   the listed posts again, so every open list shows a new post as it is written;
// - their like and comment counts: one watch of every listed post's two counters
//   (watchMany splits them into watches of 10), started again for each new list.
// The WatchHub shares subscriptions and reads with every other watcher in the process, so a
// thousand open list pages cost no more Redis work than one; posts never change once
// written, so their list entries are read once per process (and Kv) and kept.

import { mapSource, mergeSources, switchSource, watchMany } from "@/lib/feeds";
import type { Kv, KvU64 } from "@/lib/kv";
import type { Feed } from "./feed";
import { commentCountKey, feedKey, likesKey, postKey } from "./keys";
import { MAX_LISTED_POSTS } from "./limits";
import { countOf, getManyChunked } from "./read-many";
import type { LiveListCounts, PostCounts, PostListItem, PostRecord } from "./types";

export type PostListUpdate =
  | { kind: "posts"; version: string; posts: PostListItem[] }
  | ({ kind: "counts" } & LiveListCounts);

/** The counts of `ids` (any number up to the list's), as one state after every change. */
function watchCounts(kv: Kv, ids: readonly string[]): AsyncIterableIterator<LiveListCounts> {
  const keys = ids.flatMap((id) => [likesKey(id), commentCountKey(id)]);
  return mapSource(watchMany<KvU64>(kv, keys), (entries) => {
    // A Map, not an object, while folding: an id is data and must stay a plain key.
    const counts = new Map<string, PostCounts>();
    let version = "";
    ids.forEach((id, i) => {
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

/**
 * The counts of `ids`: first the full current state (once every watch has reported), then
 * the full state again after every change. return() ends every watch at once.
 */
export function watchListCounts(kv: Kv, ids: readonly string[]): AsyncIterableIterator<LiveListCounts> {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > MAX_LISTED_POSTS) {
    throw new RangeError(`Watch between 1 and ${MAX_LISTED_POSTS} posts`);
  }
  return watchCounts(kv, unique);
}

const itemCache = new WeakMap<Kv, Map<string, PostListItem>>();
// Far above the list's length: room for the posts listed now and some that just dropped off.
const CACHED_ITEMS = 4 * MAX_LISTED_POSTS;

async function listItems(kv: Kv, ids: readonly string[]): Promise<PostListItem[]> {
  let cache = itemCache.get(kv);
  if (!cache) itemCache.set(kv, (cache = new Map()));
  const missing = ids.filter((id) => !cache.has(id));
  const read = await getManyChunked<PostRecord>(kv, missing.map(postKey));
  if (cache.size + missing.length > CACHED_ITEMS) cache.clear();
  for (const { value } of read) {
    if (value === null) continue;
    const { body: _body, markdown: _markdown, ...item } = value;
    cache.set(value.id, item);
  }
  return ids.flatMap((id) => cache.get(id) ?? []);
}

const idsOf = (entry: { value: Feed | null }): string[] => entry.value?.ids ?? [];

/**
 * The listed posts (newest first) now and after every new post, and their counts now and
 * after every change, as `posts` and `counts` updates in arrival order. The feed must exist
 * (ensureDemoPosts makes it). return() ends every watch at once.
 */
export function watchPostList(kv: Kv): AsyncIterableIterator<PostListUpdate> {
  const posts = mapSource(kv.watch<[Feed]>([feedKey]), async ([feed]): Promise<PostListUpdate> => ({
    kind: "posts",
    version: feed.versionstamp ?? "",
    posts: await listItems(kv, idsOf(feed)),
  }));
  const counts = switchSource(kv.watch<[Feed]>([feedKey]), ([feed]) =>
    mapSource(watchCounts(kv, idsOf(feed)), (state): PostListUpdate => ({ kind: "counts", ...state })),
  );
  return mergeSources(posts, counts);
}
