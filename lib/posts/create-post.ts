// Writing a post, in steps that each stay within one partition of a Kv spread over a Redis
// Cluster (lib/server/partitions.ts): a clientId, a post and the list are three.
//
// 1. With a clientId, the claim: the clientId points at the new post's id (lib/idempotency),
//    in a commit that checks it is free, so of two requests with one clientId (a double click,
//    a retry racing the original) only one goes on, and the other finds its post.
// 2. The post, in a commit that checks its id is free.
// 3. Its entry in the list (feed.ts), checked against the list it read, retried when another
//    post got there first.
//
// The order keeps what a reader can meet whole: the list and a post's page read post records,
// so a claim whose post is not written yet is seen by nobody but a request with the same
// clientId — which completes the create (writes the post for the claimed id, then lists it)
// instead of answering with a post that is not there. A post not listed yet is simply not
// listed yet: whatever step a create stopped after (a fault, too many posts at once), its retry
// finishes it. A create without a clientId has no retry that could find it: stopped between 2
// and 3, it leaves a post nobody was told of and no list shows.

import {
  createdBefore,
  createRequest,
  rememberCreated,
  rememberCreatedAgain,
  type ClientKey,
  type CreateRequest,
} from "@/lib/idempotency";
import type { Kv } from "@/lib/kv";
import { ensureDemoPosts } from "./demo";
import { PostError } from "./errors";
import { listInFeed } from "./feed";
import { newPostId } from "./ids";
import { postKey } from "./keys";
import { parseMarkdown, plainTextOf } from "./markdown";
import type { PostRecord } from "./types";
import { normalizePost, type PostInput } from "./validate";

// Each attempt draws a new random id suffix (36^8 per title); five taken in a row is not bad luck.
const ID_ATTEMPTS = 5;
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
  const paragraphs = plainTextOf(parseMarkdown(body)).filter((paragraph) => paragraph.trim() !== "");
  const draft = (id: string): PostRecord => ({
    id,
    title,
    summary: summaryOf(paragraphs),
    body: paragraphs,
    markdown: body,
    author,
    publishedAt: new Date(now).toISOString(),
    tags: [],
  });
  // Before anything is listed: the list must exist (made from the posts stored) first.
  await ensureDemoPosts(kv);
  const earlier = await earlierPost(kv, request, draft);
  if (earlier) return { post: earlier, created: false };
  let claimed = false;
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const post = draft(newPostId(title));
    if (request.key !== null) {
      // Step 1, the clientId's partition. Again (unchecked, it is this request's) after an id
      // found taken by another post.
      const claim = claimed ? rememberCreatedAgain(kv.atomic(), request, post.id) : rememberCreated(kv.atomic(), request, post.id);
      if (!(await claim.commit()).ok) {
        // Lost to a twin with the same clientId (a double click)? Then its post is the answer.
        const twin = await earlierPost(kv, request, draft);
        if (twin) return { post: twin, created: false };
        continue;
      }
      claimed = true;
    }
    // Step 2, the post's partition.
    const stored = await writePost(kv, post);
    if (stored === null) continue;
    // Step 3, the list's partition.
    await listInFeed(kv, stored);
    return { post: stored, created: true };
  }
  throw new PostError("conflict", "The post could not be given an id; please send it again.");
}

/**
 * Writes the post unless its id is taken. Returns the post stored under that id — this one,
 * or the same request's written first by its twin completing the claim — or null when the id
 * is another post's.
 */
async function writePost(kv: Kv, post: PostRecord): Promise<PostRecord | null> {
  const written = await kv.atomic().check({ key: postKey(post.id), versionstamp: null }).set(postKey(post.id), post).commit();
  if (written.ok) return post;
  const { value } = await kv.get<PostRecord>(postKey(post.id));
  const same = value !== null && value.author === post.author && value.title === post.title && value.markdown === post.markdown;
  return same ? value : null;
}

/**
 * The post this request's clientId created before (null: none), finished first if that create
 * stopped between its steps: written for the claimed id (from this request, which asks the
 * same), and listed.
 */
async function earlierPost(kv: Kv, request: CreateRequest, draft: (id: string) => PostRecord): Promise<PostRecord | null> {
  const id = await createdBefore(kv, request);
  if (id === null) return null;
  // Posts are never deleted: a claim without its post is a create stopped after step 1.
  const post = (await kv.get<PostRecord>(postKey(id))).value ?? (await writePost(kv, draft(id)));
  // The claimed id is another post's: the claim's request is moving it to a fresh id right now.
  if (post === null) throw new PostError("conflict", "This post is being written; please send it again.");
  await listInFeed(kv, post);
  return post;
}
