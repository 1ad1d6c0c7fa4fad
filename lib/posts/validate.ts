// What makes a comment acceptable. Comments are shown as plain text, so the concern here is
// not markup (React escapes it) but text that misleads or breaks the layout: control
// characters, bidi overrides that reverse what follows, walls of blank lines.

import { PostError } from "./errors";
import { AUTHOR_MAX_CHARS, charCount, TEXT_MAX_CHARS } from "./limits";

export interface CommentInput {
  author: string;
  text: string;
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

/** A comment text: newlines kept, at most one blank line in a row, 1–2,000 characters. */
export function normalizeText(raw: string): string {
  const text = clean(raw)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
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

export function normalizeComment(input: CommentInput): CommentInput {
  return { author: normalizeAuthor(input.author), text: normalizeText(input.text) };
}
