// The read models: the list page, the post page, a visitor's like state. Reads seed the
// demo posts on first use, so a fresh install shows something without a setup step.

import type { Kv, KvU64 } from "@/lib/kv";
import { ensureDemoPosts } from "./demo";
import { isPostId } from "./ids";
import { readFeed } from "./feed";
import { commentCountKey, commentsPrefix, likeMarkerKey, likesKey, postKey } from "./keys";
import { countOf, getManyChunked, newestVersion } from "./read-many";
import type { Comment, LikeState, PostPage, PostRecord, PostSummary } from "./types";

/** The versionstamp before every commit: a stream starting here sends every comment. */
export const ZERO_VERSIONSTAMP = "0".repeat(20);
export { MAX_LISTED_POSTS } from "./limits";
export const DEFAULT_COMMENT_LIMIT = 100;

export async function getPost(kv: Kv, id: string): Promise<PostRecord | null> {
  if (!isPostId(id)) return null;
  await ensureDemoPosts(kv);
  return (await kv.get<PostRecord>(postKey(id))).value;
}

/** The listed posts (the feed's), newest first, without their counts. */
export async function listPostRecords(kv: Kv): Promise<PostRecord[]> {
  await ensureDemoPosts(kv);
  const { ids } = await readFeed(kv);
  const entries = await getManyChunked<PostRecord>(kv, ids.map(postKey));
  return entries.flatMap((entry) => (entry.value === null ? [] : [entry.value]));
}

/** Posts, newest first, with their counts and whether `visitorId` likes each. */
export async function listPosts(kv: Kv, visitorId: string | null): Promise<PostSummary[]> {
  const posts = await listPostRecords(kv);
  const counters = await getManyChunked<KvU64>(kv, posts.flatMap((post) => [likesKey(post.id), commentCountKey(post.id)]));
  const markers =
    visitorId === null ? [] : await getManyChunked<unknown>(kv, posts.map((post) => likeMarkerKey(post.id, visitorId)));
  return posts.map(({ body: _body, markdown: _markdown, ...post }, i) => ({
    ...post,
    counts: { likes: countOf(counters[2 * i]), comments: countOf(counters[2 * i + 1]) },
    liked: markers[i] !== undefined && markers[i].versionstamp !== null,
  }));
}

/** Everything the post page shows, or null when there is no such post. */
export async function getPostPage(
  kv: Kv,
  id: string,
  visitorId: string | null,
  { commentLimit = DEFAULT_COMMENT_LIMIT } = {},
): Promise<PostPage | null> {
  if (!isPostId(id)) return null;
  await ensureDemoPosts(kv);
  // The counters first: the comment count's versionstamp is that of the newest comment so
  // far, so any comment the listing below misses is newer than `cursor` and will be streamed.
  const [post, likes, commentCount, marker] = await kv.getMany<[PostRecord, KvU64, KvU64, unknown]>([
    postKey(id),
    likesKey(id),
    commentCountKey(id),
    // No visitor has the empty id, so without a visitor this reads as "not liked".
    likeMarkerKey(id, visitorId ?? ""),
  ]);
  if (post.value === null) return null;
  const newestFirst: Comment[] = [];
  for await (const entry of kv.list<Comment>({ prefix: commentsPrefix(id) }, { reverse: true, limit: commentLimit + 1 })) {
    newestFirst.push(entry.value);
  }
  const moreComments = newestFirst.length > commentLimit;
  return {
    post: post.value,
    counts: { likes: countOf(likes), comments: countOf(commentCount) },
    liked: visitorId !== null && marker.versionstamp !== null,
    comments: newestFirst.slice(0, commentLimit).reverse(),
    moreComments,
    cursor: commentCount.versionstamp ?? ZERO_VERSIONSTAMP,
  };
}

/** Whether `visitorId` likes the post, and its like count. */
export async function getLikeState(kv: Kv, id: string, visitorId: string): Promise<LikeState> {
  const [likes, marker] = await kv.getMany<[KvU64, unknown]>([likesKey(id), likeMarkerKey(id, visitorId)]);
  return {
    liked: marker.versionstamp !== null,
    likes: countOf(likes),
    version: newestVersion(likes.versionstamp, marker.versionstamp),
  };
}
