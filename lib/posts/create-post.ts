// Writing a post: the post and the list's new first entry in one commit, which checks that
// the id is free and that the list did not change since it was read (else it retries with
// the new list), so the list never loses a post and never holds one that does not exist.
// With a clientId the commit also remembers it (lib/idempotency): a repeat answers with the
// post the first request wrote.

import { createdBefore, createRequest, rememberCreated, type ClientKey, type CreateRequest } from "@/lib/idempotency";
import type { Kv } from "@/lib/kv";
import { ensureDemoPosts } from "./demo";
import { PostError } from "./errors";
import { readFeed, withNewest } from "./feed";
import { newPostId } from "./ids";
import { feedKey, postKey } from "./keys";
import { parseMarkdown, plainTextOf } from "./markdown";
import type { PostRecord } from "./types";
import { normalizePost, type PostInput } from "./validate";

// Every new post rewrites the one list key, so posts written at the same moment retry, after
// a random pause that grows with each attempt so that they stop colliding; each retry is one
// read and one commit, and posts are rate-limited per visitor and address.
const MAX_ATTEMPTS = 10;
const BACKOFF_MS = 4;

const pause = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * BACKOFF_MS * 2 ** Math.min(attempt, 6)));
const SUMMARY_MAX_CHARS = 200;

export interface CreatedPost {
  post: PostRecord;
  /** False when the clientId had been sent already: `post` is the one written then. */
  created: boolean;
}

/** The list's teaser: the first words of the body, cut at a word. */
function summaryOf(paragraphs: readonly string[]): string {
  const text = paragraphs.join(" ").replace(/\s+/g, " ").trim();
  const chars = [...text];
  if (chars.length <= SUMMARY_MAX_CHARS) return text;
  const cut = chars.slice(0, SUMMARY_MAX_CHARS).join("");
  const atWord = cut.slice(0, cut.lastIndexOf(" ") > SUMMARY_MAX_CHARS / 2 ? cut.lastIndexOf(" ") : cut.length);
  return `${atWord.replace(/[\s.,;:!?-]+$/, "")}…`;
}

/** Validates, normalizes and stores a post; throws PostError for bad input. */
export async function createPostOnce(kv: Kv, input: PostInput, client: ClientKey | null, now = Date.now()): Promise<CreatedPost> {
  const { author, title, body } = normalizePost(input);
  const request = createRequest("post_client_ids", [author, title, body], client);
  const earlier = await earlierPost(kv, request);
  if (earlier) return { post: earlier, created: false };
  await ensureDemoPosts(kv);
  const paragraphs = plainTextOf(parseMarkdown(body)).filter((paragraph) => paragraph.trim() !== "");
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(attempt);
    const feed = await readFeed(kv);
    const post: PostRecord = {
      id: newPostId(title),
      title,
      summary: summaryOf(paragraphs),
      body: paragraphs,
      markdown: body,
      author,
      publishedAt: new Date(now).toISOString(),
      tags: [],
    };
    const op = kv
      .atomic()
      .check({ key: feedKey, versionstamp: feed.versionstamp })
      .check({ key: postKey(post.id), versionstamp: null })
      .set(postKey(post.id), post)
      .set(feedKey, withNewest(feed, post.id));
    if ((await rememberCreated(op, request, post.id).commit()).ok) return { post, created: true };
    // Lost to a twin with the same clientId (a double click)? Then its post is the answer.
    const twin = await earlierPost(kv, request);
    if (twin) return { post: twin, created: false };
  }
  throw new PostError("conflict", "Many posts were written at this moment; please send yours again.");
}

async function earlierPost(kv: Kv, request: CreateRequest): Promise<PostRecord | null> {
  const id = await createdBefore(kv, request);
  if (id === null) return null;
  // Posts are never deleted, so this is there; if it is not, say so rather than write another.
  const { value } = await kv.get<PostRecord>(postKey(id));
  if (value === null) throw new PostError("not_found", "The post this clientId wrote is gone.");
  return value;
}
