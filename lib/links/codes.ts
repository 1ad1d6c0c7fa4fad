// Generated short codes: 7 base62 characters from the crypto RNG, 62^7 ≈ 3.5e12 codes, so
// collisions are rare and codes can't be guessed by counting.

import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const GENERATED_CODE_LENGTH = 7;

/** `length` random base62 characters, without modulo bias. */
export function randomBase62(length: number): string {
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

export function generateCode(): string {
  return randomBase62(GENERATED_CODE_LENGTH);
}
