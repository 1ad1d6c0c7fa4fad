// Comments as a page shows them: top-level comments in posting order, each with its replies
// (one level deep) under it. A deleted comment is left out, except a top-level one that
// still has replies, which stays as "deleted" so the replies keep their place.

import type { Comment } from "@/lib/posts/types";

export interface Thread {
  comment: Comment;
  replies: Comment[];
}

export function threadsOf(comments: readonly Comment[]): Thread[] {
  const ids = new Set(comments.map((comment) => comment.id));
  const replies = new Map<string, Comment[]>();
  const top: Comment[] = [];
  for (const comment of comments) {
    // A reply whose parent is older than the comments loaded stands on its own.
    if (comment.parentId !== undefined && ids.has(comment.parentId)) {
      replies.set(comment.parentId, [...(replies.get(comment.parentId) ?? []), comment]);
    } else top.push(comment);
  }
  return top.flatMap((comment) => {
    const shown = (replies.get(comment.id) ?? []).filter((reply) => !reply.deleted);
    return comment.deleted && shown.length === 0 ? [] : [{ comment, replies: shown }];
  });
}
