// One post, live: its like and comment counts (and the visitor's like) as state, and its new
// comments as a log, merged into one stream for one SSE connection per page.
//
// Every update carries `cursor`, the versionstamp of the newest comment delivered so far
// (comments arrive in commit order). It is the SSE id of every event, counts included, so
// whichever event a client saw last, resuming from its id neither skips nor repeats a
// comment. (A counts event must not carry the counters' own versionstamp: the counter of a
// new comment can arrive before the comment itself, and resuming after it would skip it.)

import type { Kv, KvU64 } from "@/lib/kv";
import { mapSource, mergeSources } from "@/lib/feeds";
import { ensureDemoPosts } from "./demo";
import { PostError } from "./errors";
import { isPostId } from "./ids";
import { commentCountKey, commentsPrefix, likeMarkerKey, likesKey, postKey } from "./keys";
import { ZERO_VERSIONSTAMP } from "./read";
import { countOf, newestVersion } from "./read-many";
import type { Comment, LivePostCounts } from "./types";

export type PostUpdate =
  | { kind: "counts"; cursor: string; counts: LivePostCounts }
  | { kind: "comments"; cursor: string; comments: Comment[] };

export interface WatchPostOptions {
  /** Whose like to report; null reports liked: null (unknown). */
  visitorId: string | null;
  /** Resume after this comment cursor; null starts with comments newer than now. */
  since: string | null;
}

/**
 * The post's counts now (and whenever they change) and every comment committed after
 * `since`. Throws PostError not_found for an unknown post. Cancelling the iterator (return())
 * ends both watches at once.
 */
export async function watchPost(kv: Kv, id: string, options: WatchPostOptions): Promise<AsyncIterableIterator<PostUpdate>> {
  const missing = new PostError("not_found", `There is no post "${id.slice(0, 80)}".`);
  if (!isPostId(id)) throw missing;
  await ensureDemoPosts(kv);
  const [post, commentCount] = await kv.getMany([postKey(id), commentCountKey(id)]);
  if (post.versionstamp === null) throw missing;
  // Without a cursor, start at the newest comment so far: its commit also set the count.
  let cursor = options.since ?? commentCount.versionstamp ?? ZERO_VERSIONSTAMP;

  // Without a visitor the marker key has the empty id, which no visitor has: never liked.
  const watch = kv.watch<[KvU64, KvU64, unknown]>([
    likesKey(id),
    commentCountKey(id),
    likeMarkerKey(id, options.visitorId ?? ""),
  ]);
  const counts = mapSource(watch, ([likes, comments, marker]): PostUpdate => ({
    kind: "counts",
    cursor,
    counts: {
      likes: countOf(likes),
      comments: countOf(comments),
      liked: options.visitorId === null ? null : marker.versionstamp !== null,
      version: newestVersion(likes.versionstamp, marker.versionstamp),
    },
  }));
  const comments = mapSource(kv.watchPrefix<Comment>(commentsPrefix(id), { since: cursor }), (changes): PostUpdate => {
    const added: Comment[] = [];
    for (const entry of changes) {
      if (entry.value === null) continue;
      added.push(entry.value);
      if (entry.versionstamp > cursor) cursor = entry.versionstamp;
    }
    return { kind: "comments", cursor, comments: added };
  });
  return mergeSources(counts, comments);
}
