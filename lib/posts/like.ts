// Like and unlike: each ONE atomic commit of the visitor's marker and the post's counter.
// The marker check is what makes double clicks, retries and a second tab harmless: of any
// number of concurrent likes by one visitor exactly one commit passes its check, and the
// counter moves only in that commit. Both commands are idempotent: liking twice likes once.

import { KvCommitUnknownError, type Kv } from "@/lib/kv";
import { isRedisUnavailable } from "@/lib/redis/unavailable";
import { ensureDemoPosts } from "./demo";
import { PostError } from "./errors";
import { isPostId } from "./ids";
import { likeMarkerKey, likesKey, MINUS_ONE_U64, postKey } from "./keys";
import { getLikeState } from "./read";
import type { LikeState } from "./types";

/** What the marker holds; only its presence counts, the time is for people reading the data. */
export interface LikeMarker {
  at: string;
}

// A commit fails only when this visitor's marker (or the post) changed since the read, that
// is when another request of the same visitor won; the next read then sees the outcome.
const MAX_ATTEMPTS = 5;

function notFound(id: string): PostError {
  return new PostError("not_found", `There is no post "${id.slice(0, 80)}".`);
}

async function toggle(kv: Kv, id: string, visitorId: string, like: boolean, now: number): Promise<LikeState> {
  if (!isPostId(id)) throw notFound(id);
  await ensureDemoPosts(kv);
  const marker = likeMarkerKey(id, visitorId);
  let changed = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [post, current] = await kv.getMany([postKey(id), marker]);
    if (post.versionstamp === null) throw notFound(id);
    const liked = current.versionstamp !== null;
    if (liked === like) break;
    const op = kv
      .atomic()
      .check({ key: postKey(id), versionstamp: post.versionstamp })
      .check({ key: marker, versionstamp: current.versionstamp });
    if (like) op.set(marker, { at: new Date(now).toISOString() } satisfies LikeMarker).sum(likesKey(id), 1n);
    // The check above proves the marker exists, hence the counter is at least 1: the
    // wrapping sum is exactly −1 and can never pass below zero.
    else op.delete(marker).sum(likesKey(id), MINUS_ONE_U64);
    if ((await op.commit()).ok) {
      changed = true;
      break;
    }
  }
  try {
    return await getLikeState(kv, id, visitorId);
  } catch (error) {
    // The change is made but its result cannot be read: an outage now must not be answered
    // "nothing was done". The client cannot tell what happened: that is an unknown outcome.
    if (changed && isRedisUnavailable(error)) throw new KvCommitUnknownError(error);
    throw error;
  }
}

/** Makes `visitorId` like the post (no change if it already does); the state afterwards. */
export function likePost(kv: Kv, id: string, visitorId: string, now = Date.now()): Promise<LikeState> {
  return toggle(kv, id, visitorId, true, now);
}

/** Takes the visitor's like back (no change if there is none); the state afterwards. */
export function unlikePost(kv: Kv, id: string, visitorId: string, now = Date.now()): Promise<LikeState> {
  return toggle(kv, id, visitorId, false, now);
}
