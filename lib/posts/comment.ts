// Posting a comment: the comment and the post's comment count in one commit, checked
// against the post, so the count always equals the number of comments and a comment can
// never land on a post that does not exist.

import type { Kv } from "@/lib/kv";
import { ensureDemoPosts } from "./demo";
import { PostError } from "./errors";
import { commentId, isPostId } from "./ids";
import { commentCountKey, commentKey, postKey } from "./keys";
import type { Comment } from "./types";
import { normalizeComment, type CommentInput } from "./validate";

// Fails only if the post changed between read and commit; posts are immutable, so one retry
// is already generous.
const MAX_ATTEMPTS = 3;

/** Validates, normalizes and stores a comment; throws PostError for bad input or no post. */
export async function addComment(kv: Kv, postId: string, input: CommentInput, now = Date.now()): Promise<Comment> {
  const { author, text } = normalizeComment(input);
  const missing = new PostError("not_found", `There is no post "${postId.slice(0, 80)}".`);
  if (!isPostId(postId)) throw missing;
  await ensureDemoPosts(kv);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const post = await kv.get(postKey(postId));
    if (post.versionstamp === null) throw missing;
    const comment: Comment = { id: commentId(now), postId, author, text, createdAt: new Date(now).toISOString() };
    const result = await kv
      .atomic()
      .check(post)
      .check({ key: commentKey(postId, comment.id), versionstamp: null })
      .set(commentKey(postId, comment.id), comment)
      .sum(commentCountKey(postId), 1n)
      .commit();
    if (result.ok) return comment;
  }
  throw new PostError("conflict", "The post changed while your comment was being saved; please send it again.");
}
