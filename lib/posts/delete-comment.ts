// Deleting one's own comment. The comment is not removed but emptied (a tombstone: no author,
// no text, `deleted`), so that:
// - every open page learns of it through the same comment stream that brought the comment
//   (a removed key would leave nothing for a stream resuming after it to replay), and
// - replies to it keep their place under "deleted" (a page hides a tombstone with no replies).
// One commit: the tombstone, the post's comment count less one, and for a reply its parent's
// reply count less one, checked against both, so a reply made meanwhile is never missed.

import type { Kv } from "@/lib/kv";
import { PostError } from "./errors";
import { isCommentId, isPostId } from "./ids";
import { commentCountKey, commentKey, MINUS_ONE_U64 } from "./keys";
import type { Comment } from "./types";

// A commit fails only when the comment or its parent changed since the read (a reply came in).
const MAX_ATTEMPTS = 5;

/**
 * Deletes the comment `commentId` of post `postId` written by `authorId` (./author-id);
 * returns its tombstone. Throws not_found (no such comment, or deleted already) or
 * not_yours (someone else's).
 */
export async function deleteComment(kv: Kv, postId: string, commentId: string, authorId: string): Promise<Comment> {
  if (!isPostId(postId) || !isCommentId(commentId)) throw new PostError("not_found", "There is no such comment.");
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const entry = await kv.get<Comment>(commentKey(postId, commentId));
    const comment = entry.value;
    if (comment === null || comment.deleted) throw new PostError("not_found", "There is no such comment (it may have been deleted).");
    if (comment.authorId !== authorId) throw new PostError("not_yours", "Only its author can delete a comment.");
    const tombstone: Comment = {
      id: comment.id,
      postId,
      author: "",
      text: "",
      createdAt: comment.createdAt,
      deleted: true,
      ...(comment.parentId === undefined ? {} : { parentId: comment.parentId }),
      ...(comment.replies === undefined ? {} : { replies: comment.replies }),
    };
    // The check proves the comment is there and counted, so the count is at least 1.
    const op = kv.atomic().check(entry).set(entry.key, tombstone).sum(commentCountKey(postId), MINUS_ONE_U64);
    if (comment.parentId !== undefined) {
      // Read after the comment: the commit checks both, so a change in between just retries.
      const parentEntry = await kv.get<Comment>(commentKey(postId, comment.parentId));
      if (parentEntry.value !== null) {
        const replies = Math.max(0, (parentEntry.value.replies ?? 0) - 1);
        op.check(parentEntry).set(parentEntry.key, { ...parentEntry.value, replies } satisfies Comment);
      }
    }
    if ((await op.commit()).ok) return tombstone;
  }
  throw new PostError("conflict", "The comment changed while it was being deleted; please try again.");
}
