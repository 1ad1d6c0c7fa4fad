// Generated short codes: 8 base36 characters (digits and lower-case letters, since codes are
// case-insensitive: validate.ts's canonicalCode) from the crypto RNG, 36^8 ≈ 2.8e12 codes, so
// collisions are rare and codes can't be guessed by counting.

import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CODE_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const GENERATED_CODE_LENGTH = 8;

// Every click's recent-log id takes 8 random characters: one randomBytes call per id costs
// more than the rest of the id, so bytes are drawn from the crypto RNG a pool at a time.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

function randomByte(): number {
  if (used === pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  return pool[used++];
}

/** `length` random base62 characters, without modulo bias. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const byte = randomByte();
    // 248 = 4 × 62: bytes at or above it would favour the first 8 characters.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

export function generateCode(): string {
  let out = "";
  while (out.length < GENERATED_CODE_LENGTH) {
    const byte = randomByte();
    // 252 = 7 × 36: bytes at or above it would favour the first characters.
    if (byte < 252) out += CODE_ALPHABET[byte % 36];
  }
  return out;
}
