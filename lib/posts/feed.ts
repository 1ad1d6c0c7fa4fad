// The list of posts: one key, ["post_feed", "newest"], holding the listed posts' ids, newest
// first (by publishedAt, then id). One key rather than an index entry per post, so the list
// page is one read and its stream one watch, and a new post shows up for every open list page
// as one change. Every listing checks the key's versionstamp and rewrites it, so no two posts
// can both put themselves in and lose the other.
//
// The feed is derived from the posts, and on a Redis Cluster it is a partition of its own (a
// post's keys are another: lib/server/partitions.ts), so a post is listed by a commit after
// the one that writes it (create-post.ts). A post not in it yet is simply not listed yet; the
// listing is idempotent and placed by publishedAt, so a create's retry can list a post whose
// first attempt stopped before it, in its place rather than on top.

import type { Kv } from "@/lib/kv";
import { PostError } from "./errors";
import { feedKey, postKey, postsPrefix } from "./keys";
import { MAX_LISTED_POSTS } from "./limits";
import { getManyChunked } from "./read-many";
import type { PostRecord } from "./types";

// Every new post rewrites the one list key, so posts written at the same moment retry, after
// a random pause that grows with each attempt so that they stop colliding; each retry is one
// read and one commit, and posts are rate-limited per visitor and address.
const MAX_ATTEMPTS = 10;
const BACKOFF_MS = 4;

const pause = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * BACKOFF_MS * 2 ** Math.min(attempt, 6)));

/** The feed's order: newest first, then by id (as ensureFeed sorts). Negative: `a` first. */
const feedOrder = (a: PostRecord, b: PostRecord): number => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id);

export interface Feed {
  ids: string[];
}

/** The listed ids and the feed's versionstamp (null before the feed exists). */
export async function readFeed(kv: Kv): Promise<Feed & { versionstamp: string | null }> {
  const entry = await kv.get<Feed>(feedKey);
  return { ids: entry.value?.ids ?? [], versionstamp: entry.versionstamp };
}

/** The listed ids with `post` in its place, the oldest dropping off past MAX_LISTED_POSTS. */
async function withPost(kv: Kv, ids: readonly string[], post: PostRecord): Promise<string[]> {
  // The usual case, a post just written: at least as new as the first listed, so first (one read).
  const first = ids.length === 0 ? null : (await kv.get<PostRecord>(postKey(ids[0]))).value;
  if (first === null || feedOrder(post, first) <= 0) {
    return [post.id, ...ids].slice(0, MAX_LISTED_POSTS);
  }
  const listed = await getManyChunked<PostRecord>(kv, ids.map(postKey));
  const at = listed.findIndex((entry) => entry.value === null || feedOrder(post, entry.value) < 0);
  const placed = at === -1 ? [...ids, post.id] : [...ids.slice(0, at), post.id, ...ids.slice(at)];
  return placed.slice(0, MAX_LISTED_POSTS);
}

/**
 * Lists a stored post, in its place: a no-op when it is listed already, or when the list is
 * full of newer posts (it would drop off at once). The feed must exist (ensureDemoPosts makes
 * it), else this post alone would stand for every post stored. Throws PostError conflict when
 * other posts kept winning the list: the post stays stored, and a retry of its create lists it.
 */
export async function listInFeed(kv: Kv, post: PostRecord): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(attempt);
    const feed = await readFeed(kv);
    if (feed.ids.includes(post.id)) return;
    const ids = await withPost(kv, feed.ids, post);
    if (!ids.includes(post.id)) return;
    const listed = await kv.atomic().check({ key: feedKey, versionstamp: feed.versionstamp }).set(feedKey, { ids } satisfies Feed).commit();
    if (listed.ok) return;
  }
  throw new PostError("conflict", "Many posts were written at this moment; please send yours again.");
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
  posts.sort(feedOrder);
  const feed: Feed = { ids: posts.slice(0, MAX_LISTED_POSTS).map((post) => post.id) };
  // Losing to another instance doing the same is fine: the feed exists either way.
  await kv.atomic().check({ key: feedKey, versionstamp: null }).set(feedKey, feed).commit();
}
