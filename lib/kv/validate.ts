// Argument checks shared by Kv and AtomicOperation. Type mistakes are TypeErrors; broken
// limits are RangeErrors that name the limit.

import { encodeKeyHex } from "./key-codec";
import { MAX_READ_KEY_BYTES, MAX_WRITE_KEY_BYTES } from "./limits";
import type { KvKey } from "./types";

function encodeChecked(key: KvKey, max: number, what: string): string {
  const hex = encodeKeyHex(key);
  if (hex.length === 0) throw new TypeError("Key cannot be empty");
  if (hex.length / 2 > max) throw new RangeError(`Key too large for ${what} (max ${max} bytes)`);
  return hex;
}

/** The hex encoding of a key that will be written. */
export function encodeWriteKey(key: KvKey): string {
  return encodeChecked(key, MAX_WRITE_KEY_BYTES, "write");
}

/** The hex encoding of a key that will be read. */
export function encodeReadKey(key: KvKey): string {
  return encodeChecked(key, MAX_READ_KEY_BYTES, "read");
}

const VERSIONSTAMP = /^[0-9a-f]{20}$/;

export function checkVersionstamp(versionstamp: string | null): void {
  if (versionstamp !== null && (typeof versionstamp !== "string" || !VERSIONSTAMP.test(versionstamp))) {
    throw new TypeError("Invalid versionstamp (expected null or 20 lower-case hex characters)");
  }
}

// The most a commit passes to Redis's SET PX: beyond it String(ms) turns exponential
// ("1e+21") or the expiry passes Redis's 64-bit clock, and SET fails inside the commit
// script after the keys before it were written — half a commit. (2^53 ms: 285,000 years.)
const MAX_EXPIRE_IN_MS = Number.MAX_SAFE_INTEGER;

export function checkExpireIn(expireIn: number | undefined): void {
  if (expireIn === undefined) return;
  if (typeof expireIn !== "number" || !Number.isFinite(expireIn) || expireIn <= 0) {
    throw new TypeError("expireIn must be a positive number of milliseconds");
  }
  if (expireIn > MAX_EXPIRE_IN_MS) throw new RangeError(`expireIn too large (max ${MAX_EXPIRE_IN_MS} ms)`);
}
