// How a value is stored: one tag byte, then the payload. Uint8Array and KvU64 get their own
// tags so they come back as themselves (and so the commit script can do KvU64 arithmetic on
// the raw bytes); everything else is V8's structured-clone serialization.

import { deserialize, serialize } from "node:v8";
import { MAX_VALUE_BYTES } from "./limits";
import { KvU64 } from "./u64";

export const TAG_V8 = 1;
export const TAG_BYTES = 2;
export const TAG_U64 = 3;

export function encodeValue(value: unknown): Buffer {
  let encoded: Buffer;
  if (value instanceof KvU64) encoded = encodeU64(value);
  else if (value instanceof Uint8Array && isPlainBytes(value)) {
    encoded = Buffer.allocUnsafe(value.byteLength + 1);
    encoded[0] = TAG_BYTES;
    encoded.set(value, 1);
  } else {
    let payload: Buffer;
    try {
      payload = serialize(value);
    } catch (error) {
      throw new TypeError(`Value cannot be serialized: ${(error as Error).message}`);
    }
    encoded = Buffer.concat([Buffer.of(TAG_V8), payload]);
  }
  if (encoded.byteLength > MAX_VALUE_BYTES + 1) {
    throw new RangeError(`Value too large (max ${MAX_VALUE_BYTES} bytes)`);
  }
  return encoded;
}

// Buffer is a Uint8Array too; either comes back as a plain Uint8Array, as in Deno.
function isPlainBytes(value: Uint8Array): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Uint8Array.prototype || proto === Buffer.prototype;
}

export function encodeU64(value: KvU64): Buffer {
  const out = Buffer.allocUnsafe(9);
  out[0] = TAG_U64;
  out.writeBigUInt64LE(value.value, 1);
  return out;
}

export function decodeValue(encoded: Buffer): unknown {
  switch (encoded[0]) {
    case TAG_V8:
      return deserialize(encoded.subarray(1));
    case TAG_BYTES:
      return new Uint8Array(encoded.subarray(1));
    case TAG_U64:
      return new KvU64(encoded.readBigUInt64LE(1));
    default:
      throw new TypeError(`Stored value has an unknown tag ${encoded[0]}`);
  }
}
