"use client";

// One post's live state: its counts and its comments, folded from the post's event stream.
// Every component of the page that calls this for the same post shares one subscription.
// The stream starts at the page's comment cursor (as if resuming), so comments posted between
// the server render and the connection are streamed, and none the page already shows is
// sent again.

import type { StreamEventOf, StreamParams } from "@/lib/api/declare-stream";
import { STREAMS } from "@/lib/api/streams";
import type { Comment, LivePostCounts, PostCounts, PostListItem } from "@/lib/posts/types";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";
import type { LiveStream } from "./useLiveStream";
import { useStream, useStreamStatus } from "./useStream";

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

function reducePost(current: PostLiveState | undefined, event: StreamEventOf<typeof STREAMS.post>): PostLiveState | undefined {
  if (current === undefined) return current;
  if (event.type === "counts") return { ...current, counts: event.data };
  const { comments } = event.data;
  return comments.length === 0 ? current : { ...current, comments: mergeComments(current.comments, comments) };
}

const postParams = (postId: string, cursor: string): StreamParams<typeof STREAMS.post> => ({ id: postId, lastEventId: cursor });

export function usePostLive(postId: string, cursor: string, initial: PostLiveState): LiveStream<PostLiveState> {
  return useStream(STREAMS.post, postParams(postId, cursor), reducePost, { fallbackData: initial });
}

/** The status of the post's stream (opened by usePostLive elsewhere on the page). */
export function usePostLiveStatus(postId: string, cursor: string): ConnectionStatus {
  return useStreamStatus(STREAMS.post, postParams(postId, cursor));
}

export interface PostListState {
  /** The listed posts, newest first. */
  posts: PostListItem[];
  counts: Record<string, PostCounts>;
}

function reduceList(current: PostListState | undefined, event: StreamEventOf<typeof STREAMS.postList>): PostListState | undefined {
  if (current === undefined) return current;
  return event.type === "posts" ? { ...current, posts: event.data.posts } : { ...current, counts: event.data.counts };
}

/** The list page, live: which posts are listed (a new post arrives for everyone) and their counts. */
export function usePostList(fallbackData: PostListState): LiveStream<PostListState> {
  return useStream(STREAMS.postList, {}, reduceList, { fallbackData });
}
