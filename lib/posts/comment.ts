// Posting a comment: the comment and the post's comment count in one commit, checked
// against the post, so the count always equals the number of comments and a comment can
// never land on a post that does not exist. A reply's commit also checks and rewrites its
// parent (one more reply), so it cannot land under a comment deleted meanwhile, nor a delete
// miss it. With a clientId the commit also remembers it (lib/idempotency), so a repeat
// answers with the comment the first posted.

import { createdBefore, createRequest, rememberCreated, type ClientKey, type CreateRequest } from "@/lib/idempotency";
import type { Kv } from "@/lib/kv";
import { ensureDemoPosts } from "./demo";
import { PostError } from "./errors";
import { commentId, isPostId } from "./ids";
import { commentClientIdsPrefix, commentCountKey, commentKey, postKey } from "./keys";
import type { Comment } from "./types";
import { normalizeComment, type CommentInput } from "./validate";

// Fails only if the post, or a reply's parent, changed between read and commit: posts never
// change, but replies to one comment at the same moment each rewrite it.
const MAX_ATTEMPTS = 6;

export interface AddedComment {
  comment: Comment;
  /** False when the clientId had been sent already: `comment` is the one posted then. */
  created: boolean;
}

/** Validates, normalizes and stores a comment; throws PostError for bad input or no post. */
export async function addComment(kv: Kv, postId: string, input: CommentInput, now = Date.now()): Promise<Comment> {
  return (await addCommentOnce(kv, postId, input, null, now)).comment;
}

/**
 * addComment, with the sender's clientId (null: none): a repeat of it answers with the comment
 * the first request posted, `created` false. `authorId` (./author-id) is who may delete it.
 */
export async function addCommentOnce(
  kv: Kv,
  postId: string,
  input: CommentInput,
  client: ClientKey | null,
  now = Date.now(),
  authorId: string | null = null,
): Promise<AddedComment> {
  const { author, text, parentId } = normalizeComment(input);
  // Under the post's id: the clientId is remembered in the comment's own commit, which on a
  // Redis Cluster must stay within the post's partition (lib/server/partitions.ts).
  const request = createRequest(commentClientIdsPrefix(postId), [postId, author, text, parentId ?? null], client);
  const missing = new PostError("not_found", `There is no post "${postId.slice(0, 80)}".`);
  if (!isPostId(postId)) throw missing;
  const earlier = await earlierComment(kv, postId, request);
  if (earlier) return { comment: earlier, created: false };
  await ensureDemoPosts(kv);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [post, parent] = await kv.getMany<[unknown, Comment]>([postKey(postId), commentKey(postId, parentId ?? "")]);
    if (post.versionstamp === null) throw missing;
    const comment: Comment = {
      id: commentId(now),
      postId,
      author,
      text,
      createdAt: new Date(now).toISOString(),
      ...(authorId === null ? {} : { authorId }),
      ...(parentId === undefined ? {} : { parentId }),
    };
    const op = kv
      .atomic()
      .check(post)
      .check({ key: commentKey(postId, comment.id), versionstamp: null })
      .set(commentKey(postId, comment.id), comment)
      .sum(commentCountKey(postId), 1n);
    if (parentId !== undefined) {
      if (parent.value === null || parent.value.deleted) {
        throw new PostError("invalid_parent", "The comment you are replying to has been deleted.");
      }
      if (parent.value.parentId !== undefined) {
        throw new PostError("invalid_parent", "Replies go one level deep: reply to the comment above instead.");
      }
      op.check(parent).set(parent.key, { ...parent.value, replies: (parent.value.replies ?? 0) + 1 } satisfies Comment);
    }
    const result = await rememberCreated(op, request, comment.id).commit();
    if (result.ok) return { comment, created: true };
    // Lost to a twin with the same clientId (a double click)? Then its comment is the answer.
    const twin = await earlierComment(kv, postId, request);
    if (twin) return { comment: twin, created: false };
  }
  throw new PostError("conflict", "The post changed while your comment was being saved; please send it again.");
}

async function earlierComment(kv: Kv, postId: string, request: CreateRequest): Promise<Comment | null> {
  const id = await createdBefore(kv, request);
  if (id === null) return null;
  // Comments are never removed (a delete empties one, ./delete-comment), so this is there; if
  // it is not, say so rather than post another.
  const { value } = await kv.get<Comment>(commentKey(postId, id));
  if (value === null) throw new PostError("not_found", "The comment this clientId posted is gone.");
  return value;
}
