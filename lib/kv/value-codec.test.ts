import { describe, expect, it } from "vitest";
import { KvU64 } from "./u64";
import { decodeValue, encodeValue } from "./value-codec";

const roundTrip = (value: unknown) => decodeValue(encodeValue(value));

describe("encodeValue", () => {
  it("keeps structured-clone values, bytes and KvU64 as themselves", () => {
    const value = { n: 1, s: "x", d: new Date(5), m: new Map([[1, "a"]]), set: new Set([2]), r: /a+/g, big: 3n, f: new Float64Array([1.5]) };
    expect(roundTrip(value)).toEqual(value);
    const bytes = roundTrip(Buffer.from([1, 2, 3]));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect(bytes).toEqual(new Uint8Array([1, 2, 3]));
    const u64 = roundTrip(new KvU64(2n ** 64n - 1n));
    expect(u64).toBeInstanceOf(KvU64);
    expect((u64 as KvU64).value).toBe(2n ** 64n - 1n);
    expect(roundTrip(null)).toBeNull();
    expect(roundTrip(undefined)).toBeUndefined();
  });

  it("rejects values over 65536 bytes with a RangeError that names the limit", () => {
    expect(() => encodeValue(new Uint8Array(65_536))).not.toThrow();
    expect(() => encodeValue(new Uint8Array(65_537))).toThrow(/max 65536 bytes/);
    expect(() => encodeValue("x".repeat(70_000))).toThrow(RangeError);
  });

  it("rejects what cannot be serialized with a TypeError", () => {
    expect(() => encodeValue(() => 1)).toThrow(TypeError);
    expect(() => encodeValue({ s: Symbol("x") })).toThrow(TypeError);
  });
});

describe("KvU64", () => {
  it("accepts 0..2^64-1 only", () => {
    expect(() => new KvU64(-1n)).toThrow(RangeError);
    expect(() => new KvU64(2n ** 64n)).toThrow(RangeError);
    expect(() => new KvU64(1 as unknown as bigint)).toThrow(TypeError);
  });
});
