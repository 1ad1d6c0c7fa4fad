// lib/posts: blog posts with live likes and comments on KV — seeding the demo posts, writing
// posts (in a safe Markdown subset), liking (one like per visitor, one atomic commit),
// commenting, replying and deleting one's own comments, the read models, and the live
// streams. Key layout: keys.ts. Every function takes the Kv to use, so tests bring their own.
// Server-only; client components import types from ./types and rules from ./limits.

export { listPosts, listPostRecords, getPost, getPostPage, getLikeState, MAX_LISTED_POSTS, ZERO_VERSIONSTAMP } from "./read";
export { likePost, unlikePost, type LikeMarker } from "./like";
export { addComment, addCommentOnce, type AddedComment } from "./comment";
export { deleteComment } from "./delete-comment";
export { createPostOnce, type CreatedPost } from "./create-post";
export { authorIdOf } from "./author-id";
export { normalizeComment, normalizeAuthor, normalizeText, normalizePost, type CommentInput, type PostInput } from "./validate";
export { seedDemoPosts, ensureDemoPosts } from "./demo";
export { DEMO_POSTS, type DemoPost } from "./demo-content";
export { watchPost, type PostUpdate, type WatchPostOptions } from "./watch-post";
export { watchListCounts, watchPostList, type PostListUpdate } from "./watch-list";
export { takePostToken, POST_RATE_RULES, type PostAction, type RateSubject } from "./rate-limits";
export { commentBody, postBody, parseIdsParam, type CommentBody, type PostBody } from "./schemas";
export { parseCursor } from "./cursor";
export { isPostId, isCommentId } from "./ids";
export { PostError, type PostErrorCode } from "./errors";
export { AUTHOR_MAX_CHARS, TEXT_MAX_CHARS, TITLE_MAX_CHARS, POST_BODY_MAX_CHARS, charCount } from "./limits";
export type {
  PostRecord,
  Comment,
  PostCounts,
  PostSummary,
  PostListItem,
  PostPage,
  LikeState,
  LivePostCounts,
  LiveListCounts,
  LivePostList,
} from "./types";
