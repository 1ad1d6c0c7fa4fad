// An order-preserving encoding of KV keys (FoundationDB's tuple layer, as denokv uses it):
// comparing two encoded keys byte by byte gives Deno KV's key order. Stored as lower-case
// hex, which keeps that order, reads well in redis-cli and is safe in channel names and
// glob patterns.

import type { KvKey, KvKeyPart } from "./types";

const BYTES = 0x01;
const STRING = 0x02;
const INT_ZERO = 0x14; // bigints: 0x0b..0x1d, the code says sign and byte length
const INT_NEG_LONG = 0x0b;
const INT_POS_LONG = 0x1d;
const DOUBLE = 0x21;
const FALSE = 0x26;
const TRUE = 0x27;

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

function encodeBytes(key: KvKey): number[] {
  if (!Array.isArray(key)) throw new TypeError("Key must be an array");
  const out: number[] = [];
  for (const part of key) encodePart(part, out);
  return out;
}

/** Encodes a key to bytes whose byte-wise order is the key order. Throws TypeError on a bad part. */
export function encodeKey(key: KvKey): Uint8Array {
  return Uint8Array.from(encodeBytes(key));
}

/** `encodeKey` as lower-case hex, the form Redis keys use. */
export function encodeKeyHex(key: KvKey): string {
  return Buffer.from(encodeBytes(key)).toString("hex");
}

export function decodeKeyHex(hex: string): KvKey {
  return decodeKey(Buffer.from(hex, "hex"));
}

function encodePart(part: KvKeyPart, out: number[]): void {
  switch (typeof part) {
    case "string":
      out.push(STRING);
      pushString(part, out);
      return;
    case "number":
      out.push(DOUBLE);
      pushDouble(part, out);
      return;
    case "bigint":
      pushBigInt(part, out);
      return;
    case "boolean":
      out.push(part ? TRUE : FALSE);
      return;
    default:
      if (part instanceof Uint8Array) {
        out.push(BYTES);
        pushEscaped(part, out);
        return;
      }
      throw new TypeError(
        `Invalid key part: ${describe(part)} (a key part must be a Uint8Array, string, number, bigint or boolean)`,
      );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

// Most key parts are ASCII, whose UTF-8 is its char codes: copying those skips a
// TextEncoder call (and its Uint8Array) per part.
function pushString(part: string, out: number[]): void {
  const start = out.length;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c >= 0x80) {
      out.length = start;
      pushEscaped(utf8.encode(part), out);
      return;
    }
    out.push(c);
    if (c === 0) out.push(0xff);
  }
  out.push(0);
}

// A zero byte inside bytes or a string is written 00 ff, and the part ends with 00, so a
// part sorts before any longer part it is a prefix of.
function pushEscaped(bytes: Uint8Array, out: number[]): void {
  for (const b of bytes) {
    out.push(b);
    if (b === 0) out.push(0xff);
  }
  out.push(0);
}

const float = new DataView(new ArrayBuffer(8));

// Big-endian IEEE 754 with the sign bit flipped for positives and every bit flipped for
// negatives: unsigned byte order then equals numeric order.
function pushDouble(n: number, out: number[]): void {
  float.setFloat64(0, Number.isNaN(n) ? NaN : n);
  const negative = (float.getUint8(0) & 0x80) !== 0;
  for (let i = 0; i < 8; i++) {
    const b = float.getUint8(i);
    out.push(negative ? b ^ 0xff : i === 0 ? b ^ 0x80 : b);
  }
}

function bigIntBytes(n: bigint): number[] {
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return bytes;
}

// Positive: code 0x14 + length, big-endian magnitude. Negative: code 0x14 - length, one's
// complement of the magnitude. Longer than 8 bytes: 0x1d / 0x0b, then the length byte.
function pushBigInt(n: bigint, out: number[]): void {
  if (n === 0n) {
    out.push(INT_ZERO);
    return;
  }
  const negative = n < 0n;
  const bytes = bigIntBytes(negative ? -n : n);
  if (bytes.length > 255) throw new RangeError("Key part bigint is too large (max 255 bytes)");
  if (!negative) {
    if (bytes.length <= 8) out.push(INT_ZERO + bytes.length);
    else out.push(INT_POS_LONG, bytes.length);
    out.push(...bytes);
  } else {
    if (bytes.length <= 8) out.push(INT_ZERO - bytes.length);
    else out.push(INT_NEG_LONG, bytes.length ^ 0xff);
    for (const b of bytes) out.push(b ^ 0xff);
  }
}

/** Decodes bytes made by `encodeKey`. Throws TypeError on bytes it did not make. */
export function decodeKey(bytes: Uint8Array): KvKey {
  const key: KvKeyPart[] = [];
  let i = 0;
  const fail = (): never => {
    throw new TypeError("Invalid encoded key");
  };
  const readEscaped = (): Uint8Array => {
    const out: number[] = [];
    for (;;) {
      if (i >= bytes.length) fail();
      const b = bytes[i++];
      if (b !== 0) out.push(b);
      else if (bytes[i] === 0xff) {
        out.push(0);
        i++;
      } else return Uint8Array.from(out);
    }
  };
  const take = (n: number): Uint8Array => {
    if (i + n > bytes.length) fail();
    const slice = bytes.subarray(i, i + n);
    i += n;
    return slice;
  };
  while (i < bytes.length) {
    const code = bytes[i++];
    if (code === BYTES) key.push(readEscaped());
    else if (code === STRING) {
      try {
        key.push(utf8Strict.decode(readEscaped()));
      } catch {
        fail();
      }
    } else if (code === DOUBLE) {
      const raw = take(8);
      const negative = (raw[0] & 0x80) === 0;
      for (let j = 0; j < 8; j++) float.setUint8(j, negative ? raw[j] ^ 0xff : j === 0 ? raw[j] ^ 0x80 : raw[j]);
      key.push(float.getFloat64(0));
    } else if (code === FALSE) key.push(false);
    else if (code === TRUE) key.push(true);
    else if (code >= INT_NEG_LONG && code <= INT_POS_LONG) {
      if (code === INT_ZERO) {
        key.push(0n);
        continue;
      }
      const negative = code < INT_ZERO;
      let length: number;
      if (code === INT_POS_LONG) length = take(1)[0];
      else if (code === INT_NEG_LONG) length = take(1)[0] ^ 0xff;
      else length = Math.abs(code - INT_ZERO);
      let magnitude = 0n;
      for (const b of take(length)) magnitude = (magnitude << 8n) | BigInt(negative ? b ^ 0xff : b);
      key.push(negative ? -magnitude : magnitude);
    } else fail();
  }
  return key;
}
