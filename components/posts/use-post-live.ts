"use client";

// One post's live state: its counts and its comments, folded from the post's event stream.
// Every component of the page that calls this with the same URL shares one subscription.

import { useLiveStream, type LiveStream } from "@/lib/hooks/useLiveStream";
import type { StreamEvent } from "@/lib/sse/client";
import type { Comment, LivePostCounts } from "@/lib/posts/types";

export interface PostLiveState {
  counts: LivePostCounts;
  /** In posting order (by id), each once. */
  comments: Comment[];
}

// A page holds at most this many comments; older ones drop off the top.
const MAX_COMMENTS = 500;

/**
 * `a` and `b` merged by id (replays and the page's own posts repeat comments), in id order.
 * Of two copies of one comment the later wins, except that a deleted one always does: a
 * comment is never undeleted, and the page's own copy may be older than the stream's.
 */
export function mergeComments(a: readonly Comment[], b: readonly Comment[]): Comment[] {
  const byId = new Map<string, Comment>();
  for (const comment of [...a, ...b]) {
    if (byId.get(comment.id)?.deleted !== true) byId.set(comment.id, comment);
  }
  const merged = [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return merged.length > MAX_COMMENTS ? merged.slice(merged.length - MAX_COMMENTS) : merged;
}

// The data comes from this app's own server, in the shapes lib/posts/types declares.
function reducePost(current: PostLiveState | undefined, event: StreamEvent): PostLiveState | undefined {
  if (current === undefined) return current;
  if (event.type === "counts") return { ...current, counts: event.data as LivePostCounts };
  if (event.type === "comments") {
    const { comments } = event.data as { comments: Comment[] };
    return comments.length === 0 ? current : { ...current, comments: mergeComments(current.comments, comments) };
  }
  return current;
}

export function usePostLive(url: string, initial: PostLiveState): LiveStream<PostLiveState> {
  return useLiveStream(url, reducePost, { fallbackData: initial });
}
