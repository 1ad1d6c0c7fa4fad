import { describe, expect, it } from "vitest";
import { decodeKey, encodeKey, encodeKeyHex } from "./key-codec";
import type { KvKey, KvKeyPart } from "./types";

// The reference order, written independently of the encoding: Deno's implementation orders
// types Uint8Array < string < bigint < number < false < true.
const typeRank = (p: KvKeyPart): number =>
  p instanceof Uint8Array ? 0 : typeof p === "string" ? 1 : typeof p === "bigint" ? 2 : typeof p === "number" ? 3 : p ? 5 : 4;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function comparePart(a: KvKeyPart, b: KvKeyPart): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (typeof a === "string" && typeof b === "string") return compareBytes(Buffer.from(a), Buffer.from(b));
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") {
    if (Object.is(a, b)) return 0;
    if (a === 0 && b === 0) return Object.is(a, -0) ? -1 : 1;
    return a < b ? -1 : 1;
  }
  return 0;
}

function compareKeys(a: KvKey, b: KvKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = comparePart(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const samples: KvKeyPart[] = [
  new Uint8Array([]),
  new Uint8Array([0]),
  new Uint8Array([0, 0]),
  new Uint8Array([0, 1]),
  new Uint8Array([1]),
  new Uint8Array([255, 255]),
  "",
  "\0",
  "\0a",
  "a",
  "a\0",
  "ab",
  "b",
  "é",
  "日本",
  "😀",
  -(2n ** 100n),
  -(2n ** 64n),
  -(2n ** 63n) - 1n,
  -256n,
  -255n,
  -1n,
  0n,
  1n,
  255n,
  256n,
  2n ** 63n,
  2n ** 64n,
  2n ** 100n,
  -Infinity,
  -Number.MAX_VALUE,
  -1.5,
  -1,
  -Number.MIN_VALUE,
  -0,
  0,
  Number.MIN_VALUE,
  0.5,
  1,
  2 ** 53,
  Number.MAX_VALUE,
  Infinity,
  false,
  true,
];

describe("encodeKey", () => {
  it("orders single-part keys as Deno KV does", () => {
    for (const a of samples) {
      for (const b of samples) {
        const byBytes = Math.sign(compareBytes(encodeKey([a]), encodeKey([b])));
        expect(byBytes, `${String(a)} vs ${String(b)}`).toBe(Math.sign(comparePart(a, b)));
      }
    }
  });

  it("orders random multi-part keys as Deno KV does, and a prefix before its extensions", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const keys: KvKey[] = Array.from({ length: 400 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => samples[Math.floor(random() * samples.length)]),
    );
    const byReference = [...keys].sort(compareKeys);
    const byEncoding = [...keys].sort((a, b) => compareBytes(encodeKey(a), encodeKey(b)));
    expect(byEncoding.map((k) => Buffer.from(encodeKey(k)).toString("hex"))).toEqual(
      byReference.map((k) => Buffer.from(encodeKey(k)).toString("hex")),
    );
  });

  it("round-trips every kind of part", () => {
    for (const part of samples) {
      const [decoded] = decodeKey(encodeKey([part]));
      if (typeof part === "number") expect(Object.is(decoded, part)).toBe(true);
      else expect(decoded).toEqual(part);
    }
    expect(decodeKey(encodeKey(["a", 1n, 2, true, new Uint8Array([0, 9])]))).toEqual(["a", 1n, 2, true, new Uint8Array([0, 9])]);
  });

  it("writes a string as its UTF-8 with zero bytes escaped, whether or not it is ASCII", () => {
    expect(encodeKeyHex(["a\0b"])).toBe("026100ff6200");
    // A non-ASCII character after a zero byte: the escape must not be written twice.
    expect(encodeKeyHex(["\0é"])).toBe("0200ffc3a900");
    expect(encodeKeyHex(["a", "é"])).toBe(Buffer.from(encodeKey(["a", "é"])).toString("hex"));
  });

  it("rejects parts of other types with a TypeError that says what is allowed", () => {
    for (const bad of [null, undefined, {}, [], Symbol("s"), () => 1, new Date()]) {
      expect(() => encodeKey([bad as unknown as KvKeyPart])).toThrow(TypeError);
    }
    expect(() => encodeKey([{} as unknown as KvKeyPart])).toThrow(/Uint8Array, string, number, bigint or boolean/);
  });

  it("refuses bytes it did not make", () => {
    expect(() => decodeKey(Uint8Array.of(0x99))).toThrow(TypeError);
    expect(() => decodeKey(Uint8Array.of(0x02, 0x61))).toThrow(TypeError);
  });
});
