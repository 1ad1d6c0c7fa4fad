// The shapes lib/posts stores and answers with. Plain JSON-able data (no bigint, no Date),
// so the same objects go into KV, out through the API and into client components.

/** A post as stored under ["posts", id]. */
export interface PostRecord {
  id: string;
  title: string;
  /** One or two sentences for the list page. */
  summary: string;
  /** Paragraphs of plain text (of a written post: its Markdown's text, for reading time). */
  body: string[];
  /**
   * A post written through the API: its body as the author wrote it, in the Markdown subset
   * of ./markdown (rendered as React elements, never as HTML). Absent for the demo posts.
   */
  markdown?: string;
  author: string;
  /** ISO 8601. */
  publishedAt: string;
  tags: string[];
}

/** A comment as stored under ["post_comments", postId, id]. */
export interface Comment {
  /** Time-ordered: sorting by id sorts by posting time. */
  id: string;
  postId: string;
  author: string;
  /** Plain text; newlines are kept, markup is never interpreted. */
  text: string;
  /** ISO 8601. */
  createdAt: string;
  /**
   * Who wrote it, as a public hash of the visitor id (./author-id), so a page can offer
   * "delete" on its own comments. Absent on the demo comments (nobody's).
   */
  authorId?: string;
  /** The comment this one replies to; replies go one level deep, so that one has none. */
  parentId?: string;
  /** How many replies it has (a top-level comment; absent is 0). */
  replies?: number;
  /**
   * Deleted by its author while replies to it remain: kept, emptied, so the replies keep
   * their place. (Without replies a deleted comment is gone.)
   */
  deleted?: boolean;
}

export interface PostCounts {
  likes: number;
  comments: number;
}

/** A post for the list page: everything but the body, with its counts. */
export interface PostSummary extends Omit<PostRecord, "body"> {
  counts: PostCounts;
  /** Whether the asking visitor likes it (false for an unknown visitor). */
  liked: boolean;
}

/** Everything the post page shows at first paint. */
export interface PostPage {
  post: PostRecord;
  counts: PostCounts;
  liked: boolean;
  /** The newest comments, oldest first. */
  comments: Comment[];
  /** Whether older comments exist beyond `comments`. */
  moreComments: boolean;
  /**
   * Where a live stream of new comments should start (a versionstamp): every comment
   * committed after this read is newer than it. Comments in `comments` may be newer too;
   * a client dedupes them by id.
   */
  cursor: string;
}

/** The like state after a like or unlike, and the state a live view shows. */
export interface LikeState {
  liked: boolean;
  likes: number;
  /**
   * The newest versionstamp among the like counter and the visitor's marker ("" when both
   * are absent). Of two states for one visitor, the one with the greater version is newer:
   * lets a page tell a late stream event from a fresh response.
   */
  version: string;
}

/** The live state of one post, as its event stream sends it. */
export interface LivePostCounts extends Omit<LikeState, "liked"> {
  /**
   * Whether the stream's visitor likes the post; null when the stream has no visitor (its
   * request came without a cookie), so a page keeps what it knows from its own requests.
   */
  liked: boolean | null;
  comments: number;
}

/** A post as the list shows it, without its counts (those are live, beside it). */
export type PostListItem = Omit<PostRecord, "body" | "markdown">;

/** The listed posts, newest first, as the list's event stream sends them. */
export interface LivePostList {
  /** The list's versionstamp. */
  version: string;
  posts: PostListItem[];
}

/** The live counts of several posts, as the list's event stream sends them. */
export interface LiveListCounts {
  /** The newest versionstamp among every counter watched ("" when none exists). */
  version: string;
  counts: Record<string, PostCounts>;
}
