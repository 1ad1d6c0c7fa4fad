// The shapes the HTTP API accepts, checked at the edge with zod. Only shape and gross size
// here; what makes a good comment (lengths counted in characters, control characters,
// blank lines) is normalizeComment's, with its own error codes.

import { z } from "zod";
import { clientIdField } from "@/lib/idempotency/client-id";
import { isPostId } from "./ids";
import { AUTHOR_MAX_CHARS, MAX_LISTED_POSTS, POST_BODY_MAX_CHARS, TEXT_MAX_CHARS, TITLE_MAX_CHARS } from "./limits";

export const commentBody = z.object({
  // Ten times the limit: room for whitespace normalizeComment trims, not for a novel.
  author: z.string({ error: "author is required and must be a string" }).max(AUTHOR_MAX_CHARS * 10, "author is too long"),
  text: z.string({ error: "text is required and must be a string" }).max(TEXT_MAX_CHARS * 10, "text is too long"),
  // A comment id is 17 characters; what makes one is isCommentId's.
  parentId: z.string({ error: "parentId must be a string" }).max(40, "parentId is too long").nullish(),
  clientId: clientIdField,
});

export type CommentBody = z.output<typeof commentBody>;

export const postBody = z.object({
  author: z.string({ error: "author is required and must be a string" }).max(AUTHOR_MAX_CHARS * 10, "author is too long"),
  title: z.string({ error: "title is required and must be a string" }).max(TITLE_MAX_CHARS * 10, "title is too long"),
  // The request's 16 KiB limit comes first anyway; this names the field when it is the cause.
  body: z.string({ error: "body is required and must be a string" }).max(POST_BODY_MAX_CHARS * 4, "body is too long"),
  clientId: clientIdField,
});

export type PostBody = z.output<typeof postBody>;

/** `?ids=a,b,c` → the post ids, or an error message. */
export function parseIdsParam(value: string): { ok: true; ids: string[] } | { ok: false; message: string } {
  const ids = [...new Set(value.split(",").map((id) => id.trim()).filter((id) => id !== ""))];
  if (ids.length === 0) return { ok: false, message: "ids must name at least one post." };
  if (ids.length > MAX_LISTED_POSTS) return { ok: false, message: `At most ${MAX_LISTED_POSTS} posts can be watched at once.` };
  const bad = ids.find((id) => !isPostId(id));
  if (bad !== undefined) return { ok: false, message: `"${bad.slice(0, 40)}" is not a post id.` };
  return { ok: true, ids };
}
