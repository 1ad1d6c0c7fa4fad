// The list of posts: one key, ["post_feed", "newest"], holding the listed posts' ids, newest
// first. One key rather than an index entry per post, so the list page is one read and its
// stream one watch, and a new post shows up for every open list page as one change. Every
// new post's commit checks the key's versionstamp and rewrites it, so no two posts can both
// put themselves first and lose the other.

import type { Kv } from "@/lib/kv";
import { feedKey, postsPrefix } from "./keys";
import { MAX_LISTED_POSTS } from "./limits";
import type { PostRecord } from "./types";

export interface Feed {
  ids: string[];
}

/** The listed ids and the feed's versionstamp (null before the feed exists). */
export async function readFeed(kv: Kv): Promise<Feed & { versionstamp: string | null }> {
  const entry = await kv.get<Feed>(feedKey);
  return { ids: entry.value?.ids ?? [], versionstamp: entry.versionstamp };
}

/** The feed with `id` put first, the oldest dropping off past MAX_LISTED_POSTS. */
export function withNewest(feed: Feed, id: string): Feed {
  return { ids: [id, ...feed.ids.filter((other) => other !== id)].slice(0, MAX_LISTED_POSTS) };
}

/**
 * Makes the feed from the posts stored, newest first, when there is none yet: on a fresh
 * store after the demo posts are seeded, and on a store from before the feed existed. Only
 * ever writes an absent feed, so it cannot undo a post listed meanwhile.
 */
export async function ensureFeed(kv: Kv): Promise<void> {
  if ((await kv.get(feedKey)).versionstamp !== null) return;
  const posts: PostRecord[] = [];
  for await (const entry of kv.list<PostRecord>({ prefix: postsPrefix })) posts.push(entry.value);
  posts.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id));
  const feed: Feed = { ids: posts.slice(0, MAX_LISTED_POSTS).map((post) => post.id) };
  // Losing to another instance doing the same is fine: the feed exists either way.
  await kv.atomic().check({ key: feedKey, versionstamp: null }).set(feedKey, feed).commit();
}
