// What makes a comment or a post acceptable. Comments are shown as plain text, so the concern here is
// not markup (React escapes it) but text that misleads or breaks the layout: control
// characters, bidi overrides that reverse what follows, walls of blank lines.

import { PostError } from "./errors";
import { isCommentId } from "./ids";
import { AUTHOR_MAX_CHARS, charCount, POST_BODY_MAX_CHARS, TEXT_MAX_CHARS, TITLE_MAX_CHARS } from "./limits";

export interface CommentInput {
  author: string;
  text: string;
  /** The comment this one replies to (a comment id); none for a top-level comment. */
  parentId?: string | null;
}

// Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069): a name could render
// as someone else's, or flip the comments around it.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
// C0/C1 controls (U+007F included) except tab and newline, which a text may keep.
const CONTROLS_EXCEPT_TAB_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(value: string): string {
  return value.normalize("NFC").replace(/\r\n?/g, "\n").replace(BIDI_CONTROLS, "").replace(CONTROLS_EXCEPT_TAB_LF, "");
}

/** A display name: one line, inner whitespace collapsed, 1–40 characters. */
export function normalizeAuthor(raw: string): string {
  const author = clean(raw).replace(/\s+/g, " ").trim();
  const length = charCount(author);
  if (length === 0) throw new PostError("invalid_author", "Please give a name (1–40 characters).");
  if (length > AUTHOR_MAX_CHARS) {
    throw new PostError("invalid_author", `The name is ${length} characters long; at most ${AUTHOR_MAX_CHARS} are allowed.`);
  }
  return author;
}

/** Newlines kept, trailing spaces and walls of blank lines (more than one) dropped. */
function cleanLines(raw: string): string {
  return clean(raw)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A comment text: newlines kept, at most one blank line in a row, 1–2,000 characters. */
export function normalizeText(raw: string): string {
  const text = cleanLines(raw);
  const length = charCount(text);
  if (length === 0) throw new PostError("invalid_text", "The comment is empty.");
  if (length > TEXT_MAX_CHARS) {
    throw new PostError(
      "invalid_text",
      `The comment is ${length.toLocaleString("en-US")} characters long; at most ${TEXT_MAX_CHARS.toLocaleString("en-US")} are allowed.`,
    );
  }
  return text;
}

export function normalizeComment(input: CommentInput): CommentInput & { parentId?: string } {
  const comment = { author: normalizeAuthor(input.author), text: normalizeText(input.text) };
  if (input.parentId === undefined || input.parentId === null || input.parentId === "") return comment;
  if (!isCommentId(input.parentId)) throw new PostError("invalid_parent", "parentId is not a comment id.");
  return { ...comment, parentId: input.parentId };
}

export interface PostInput {
  author: string;
  title: string;
  /** The Markdown source (./markdown's subset). */
  body: string;
}

/** A post title: one line, inner whitespace collapsed, 1–120 characters. */
export function normalizeTitle(raw: string): string {
  const title = clean(raw).replace(/\s+/g, " ").trim();
  const length = charCount(title);
  if (length === 0) throw new PostError("invalid_title", "Please give the post a title.");
  if (length > TITLE_MAX_CHARS) {
    throw new PostError("invalid_title", `The title is ${length} characters long; at most ${TITLE_MAX_CHARS} are allowed.`);
  }
  return title;
}

/** A post body: as a comment text, with up to 4,000 characters. */
export function normalizeBody(raw: string): string {
  const body = cleanLines(raw);
  const length = charCount(body);
  if (length === 0) throw new PostError("invalid_body", "The post is empty.");
  if (length > POST_BODY_MAX_CHARS) {
    throw new PostError(
      "invalid_body",
      `The post is ${length.toLocaleString("en-US")} characters long; at most ${POST_BODY_MAX_CHARS.toLocaleString("en-US")} are allowed.`,
    );
  }
  return body;
}

export function normalizePost(input: PostInput): PostInput {
  return { author: normalizeAuthor(input.author), title: normalizeTitle(input.title), body: normalizeBody(input.body) };
}
