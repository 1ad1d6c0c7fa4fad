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

/**
 * Fixed-width base36 milliseconds, then 8 random base62 characters, so two comments in the
 * same millisecond (or from two app instances) never collide and ids still sort by time.
 */
export function commentId(at: number): string {
  return timePrefix(at) + randomBase62(8);
}

/** The time part of a comment id: 9 base36 digits, which last until the year 5188. */
export function timePrefix(at: number): string {
  return Math.max(0, Math.floor(at)).toString(36).padStart(9, "0");
}
