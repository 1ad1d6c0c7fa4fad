// The rules for what people type: room names, author names, message text. Lengths count
// Unicode code points (what a person would call characters for all but a few emoji), after
// trimming, so " hi " is "hi" and 2,000 emoji are 2,000 characters, not 4,000.

import { ChatError } from "./errors";
import { MAX_AUTHOR, MAX_ROOM_NAME, MAX_TEXT, PREVIEW_LENGTH } from "./limits";

// C0/C1 controls and the Unicode line/paragraph separators. A name must be one plain line;
// a message keeps its \n line breaks and tabs and loses the rest (a stray NUL or a bidi-less
// escape sequence pasted from a terminal has no business in a chat).
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
const CONTROLS_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const WHITESPACE_RUNS = /[\s\u0000-\u001f\u007f-\u009f]+/g;
// In a name: bidi overrides (they can make "Alice" render as someone else's name reversed)
// and invisible characters that would make a blank name look non-empty. ZWJ stays: emoji
// sequences such as 👩‍💻 need it.
const NAME_INVISIBLES = /[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]/g;

export const codePoints = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

function truncate(text: string, max: number): string {
  let out = "";
  let count = 0;
  for (const char of text) {
    if (count === max) return `${out.trimEnd()}…`;
    out += char;
    count++;
  }
  return out;
}

/** A single-line name: every run of whitespace or control characters becomes one space. */
function oneLine(value: string): string {
  return value.replace(NAME_INVISIBLES, "").replace(WHITESPACE_RUNS, " ").trim();
}

export function normalizeRoomName(value: string): string {
  const name = oneLine(value);
  const length = codePoints(name);
  if (length === 0) throw new ChatError("invalid_room_name", "Give the room a name.");
  if (length > MAX_ROOM_NAME) {
    throw new ChatError("invalid_room_name", `A room name can be at most ${MAX_ROOM_NAME} characters.`);
  }
  return name;
}

/**
 * The form of a room name that decides uniqueness: "Lobby", "LOBBY" and "ｌｏｂｂｙ"
 * (full-width) are one name. NFKC folds compatibility forms, toLowerCase folds case
 * (locale-independent, so a Turkish server folds "I" the same as any other).
 */
export function foldRoomName(name: string): string {
  return oneLine(name).normalize("NFKC").toLowerCase();
}

export function normalizeAuthor(value: string): string {
  const author = oneLine(value);
  const length = codePoints(author);
  if (length === 0) throw new ChatError("invalid_author", "Say who you are: the author name is empty.");
  if (length > MAX_AUTHOR) throw new ChatError("invalid_author", `A name can be at most ${MAX_AUTHOR} characters.`);
  return author;
}

export function normalizeText(value: string): string {
  const text = value.replace(LINE_BREAKS, "\n").replace(CONTROLS_EXCEPT_NEWLINE_TAB, "").trim();
  const length = codePoints(text);
  if (length === 0) throw new ChatError("invalid_text", "The message is empty.");
  if (length > MAX_TEXT) {
    throw new ChatError("invalid_text", `A message can be at most ${MAX_TEXT.toLocaleString("en-US")} characters (this one has ${length.toLocaleString("en-US")}).`);
  }
  return text;
}

/** The start of a message on one line, for the rooms list. */
export function previewOf(text: string): string {
  return truncate(oneLine(text), PREVIEW_LENGTH);
}

// Ids a browser makes for its own messages: the rule every create's clientId follows.
export { normalizeClientId } from "@/lib/idempotency/client-id";
