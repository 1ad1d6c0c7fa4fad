// The shapes lib/posts stores and answers with. Plain JSON-able data (no bigint, no Date),
// so the same objects go into KV, out through the API and into client components.

/** A post as stored under ["posts", id]. */
export interface PostRecord {
  id: string;
  title: string;
  /** One or two sentences for the list page. */
  summary: string;
  /** Paragraphs of plain text. */
  body: string[];
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

/** The live counts of several posts, as the list's event stream sends them. */
export interface LiveListCounts {
  /** The newest versionstamp among every counter watched ("" when none exists). */
  version: string;
  counts: Record<string, PostCounts>;
}
