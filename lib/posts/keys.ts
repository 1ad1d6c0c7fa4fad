// Where posts live on KV. Every key starts with a "post…" family name and the post's id, so
// one post's data is a handful of prefixes and no other feature's keys can collide with it.
//
//   ["posts", id]                              → PostRecord. Written once (demo seeding or a
//                                                visitor's post, with a check that it is
//                                                absent), never changed.
//   ["post_feed", "newest"]                    → { ids }: the listed posts' ids, newest first,
//                                                at most MAX_LISTED_POSTS. One key, so the list
//                                                is one read and one watch; listing a post
//                                                checks its versionstamp and rewrites it.
//   ["post_client_ids", scope, clientId]       → { fingerprint, id: postId }, expireIn 24 h,
//                                                claimed before the post is written
//                                                (create-post.ts, lib/idempotency).
//   ["post_likes", id]                         → KvU64 like count. Moves only in the same
//                                                commit as a like marker, so it always equals
//                                                the number of markers.
//   ["post_like", id, visitorId]               → LikeMarker: this visitor likes this post.
//                                                Like = check it is absent + set it + sum 1;
//                                                unlike = check its versionstamp + delete it +
//                                                sum 2^64 − 1 (KvU64 sums wrap, so that is −1;
//                                                the check guarantees the count is ≥ 1 first).
//   ["post_comments", id, commentId]           → Comment. commentId is time-ordered, so key
//                                                order is posting order. A reply's commit
//                                                rewrites its parent (replyCount), so a delete
//                                                of the parent that checks the parent's
//                                                versionstamp cannot miss a reply made meanwhile.
//   ["post_comment_count", id]                 → KvU64, in the same commit as each comment. Its
//                                                versionstamp is that of the newest comment:
//                                                the Deno example's ["lastCommentId", id].
//   ["post_comment_client_ids", id, scope, clientId]
//                                              → { fingerprint, id: commentId }, expireIn 24 h, in
//                                                the comment's own commit: a repeated post answers
//                                                with that comment (lib/idempotency; scope
//                                                "v:" + visitorId, or "new").
//
// Partitions (lib/server/partitions.ts): a post's record, likes, comments, their count and
// the comments' clientIds are one partition, so a like, a comment or reply and a delete are
// each one commit. A new post spans three (its clientId, the post, the list): create-post.ts
// writes it in ordered steps.
//
// A live view watches ["post_likes", id], ["post_comment_count", id] and the visitor's marker
// with kv.watch, and the comments with watchPrefix(["post_comments", id], { since }).

import type { KvKey } from "@/lib/kv";

export const postsPrefix: KvKey = ["posts"];
export const feedKey: KvKey = ["post_feed", "newest"];
export const postKey = (id: string): KvKey => ["posts", id];
export const likesKey = (id: string): KvKey => ["post_likes", id];
export const likeMarkerKey = (id: string, visitorId: string): KvKey => ["post_like", id, visitorId];
export const commentsPrefix = (id: string): KvKey => ["post_comments", id];
export const commentKey = (id: string, commentId: string): KvKey => ["post_comments", id, commentId];
export const commentCountKey = (id: string): KvKey => ["post_comment_count", id];
export const commentClientIdsPrefix = (id: string): KvKey => ["post_comment_client_ids", id];

/** −1 as a KvU64 addend: sums wrap at 2^64. */
export const MINUS_ONE_U64 = (1n << 64n) - 1n;
