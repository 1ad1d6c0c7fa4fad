// Post ids are slugs (readable URLs: /posts/why-we-stopped-polling); comment ids sort by
// time so that key order is posting order.

import { randomBytes } from "node:crypto";

const POST_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const POST_ID_MAX = 80;

/** Whether `value` could be a post id; checked before it reaches a KV key. */
export function isPostId(value: string): boolean {
  return value.length <= POST_ID_MAX && POST_ID.test(value);
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes at or above it would favour the first 8 characters.
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const SLUG_MAX = 60;

/**
 * A new post's id: its title as a slug (readable URLs, as the demo posts have), then 8
 * random base36 characters, so two posts with one title never collide. Titles with no
 * latin letters or digits (all emoji, all CJK) give "post-…".
 */
export function newPostId(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, "");
  let suffix = "";
  // byte % 36 leans slightly to the first 4 characters: harmless, the suffix is for
  // uniqueness (36^8 per title), not secrecy.
  for (const byte of randomBytes(8)) suffix += BASE36[byte % 36];
  return `${slug || "post"}-${suffix}`;
}

/**
 * Fixed-width base36 milliseconds, then 8 random base62 characters, so two comments in the
 * same millisecond (or from two app instances) never collide and ids still sort by time.
 */
export function commentId(at: number): string {
  return timePrefix(at) + randomBase62(8);
}

// Demo comments have fixed ids of the same shape (9 time characters, then "Demo0001").
const COMMENT_ID = /^[0-9a-z]{9}[0-9A-Za-z]{8}$/;

/** Whether `value` could be a comment id; checked before it reaches a KV key. */
export function isCommentId(value: string): boolean {
  return COMMENT_ID.test(value);
}

/** The time part of a comment id: 9 base36 digits, which last until the year 5188. */
export function timePrefix(at: number): string {
  return Math.max(0, Math.floor(at)).toString(36).padStart(9, "0");
}
