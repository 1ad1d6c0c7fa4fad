// Key order: list() must return keys in Deno KV's order, across and within part types.
// Deno's implementation orders Uint8Array < string < bigint < number < false < true;
// bytes and strings (as UTF-8) lexicographically, numbers and bigints numerically, and a
// key before every longer key it is a prefix of.
import { describe, expect, it } from "vitest";
import type { KvKey } from "./types";
import { useKvTestEnv, listKeys, showKey } from "./test-support";

const env = useKvTestEnv();

/** Sets every key (in a scrambled order) and expects list() to return `expected`, both ways. */
async function expectOrder(expected: KvKey[]): Promise<void> {
  const kv = await env.open();
  // Deterministic scramble: write in an order unrelated to the expected one.
  const order = expected.map((_, i) => i).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
  for (const i of order) await kv.set(expected[i], i);
  const forward = await listKeys(kv, { prefix: [] });
  expect(forward.map(showKey)).toEqual(expected.map(showKey));
  const backward = await listKeys(kv, { prefix: [] }, { reverse: true });
  expect(backward.map(showKey)).toEqual([...expected].reverse().map(showKey));
  // Every entry's value is its index: the data really belongs to the key it is listed under.
  for (let i = 0; i < expected.length; i++) expect((await kv.get(expected[i])).value).toBe(i);
}

describe("key order", () => {
  it("across types: Uint8Array < string < bigint < number < false < true", async () => {
    await expectOrder([
      [new Uint8Array([255, 255])],
      ["\u{10FFFF}"],
      [-1000n],
      [99n],
      [-Infinity],
      [-5],
      [0],
      [Infinity],
      [false],
      [true],
    ]);
  });

  it("numbers numerically: -Infinity, large negatives, fractions, zero, positives, Infinity", async () => {
    await expectOrder([
      [-Infinity],
      [-Number.MAX_VALUE],
      [-1e300],
      [-(2 ** 53)],
      [-1000],
      [-2],
      [-1.5],
      [-1],
      [-0.5],
      [-Number.MIN_VALUE],
      [0],
      [Number.MIN_VALUE],
      [1e-300],
      [0.5],
      [1],
      [1.5],
      [2],
      [10],
      [1000],
      [2 ** 53],
      [1e300],
      [Number.MAX_VALUE],
      [Infinity],
    ]);
  });

  it("bigints numerically, including ones far beyond 64 bits", async () => {
    await expectOrder([
      [-(2n ** 1000n)],
      [-(2n ** 100n)],
      [-(2n ** 64n) - 1n],
      [-(2n ** 64n)],
      [-(2n ** 63n)],
      [-65536n],
      [-256n],
      [-255n],
      [-2n],
      [-1n],
      [0n],
      [1n],
      [2n],
      [255n],
      [256n],
      [65535n],
      [2n ** 63n],
      [2n ** 64n - 1n],
      [2n ** 64n],
      [2n ** 100n],
      [2n ** 1000n],
    ]);
  });

  it("strings by UTF-8 bytes: empty first, then ASCII, then non-ASCII; embedded NUL handled", async () => {
    await expectOrder([
      [""],
      ["\u0000"],
      ["\u0000\u0000"],
      ["\u0001"],
      [" "],
      ["A"],
      ["Z"],
      ["a"],
      ["a\u0000"],
      ["a\u0000b"],
      ["aa"],
      ["ab"],
      ["b"],
      ["z"],
      ["\u007f"],
      ["é"], // C3 A9
      ["中"], // E4 B8 AD
      ["\uFFFD"], // EF BF BD
      ["🙂"], // F0 9F 99 82
    ]);
  });

  it("bytes lexicographically: empty first, shorter before longer, 0x00 and 0xff handled", async () => {
    await expectOrder([
      [new Uint8Array([])],
      [new Uint8Array([0])],
      [new Uint8Array([0, 0])],
      [new Uint8Array([0, 1])],
      [new Uint8Array([0, 255])],
      [new Uint8Array([1])],
      [new Uint8Array([1, 0])],
      [new Uint8Array([127])],
      [new Uint8Array([128])],
      [new Uint8Array([254, 255])],
      [new Uint8Array([255])],
      [new Uint8Array([255, 0])],
      [new Uint8Array([255, 255, 255])],
    ]);
  });

  it("a key comes before the longer keys it prefixes, which come before its next sibling", async () => {
    await expectOrder([
      ["a"],
      ["a", new Uint8Array([0])],
      ["a", ""],
      ["a", "a"],
      ["a", "a", 1],
      ["a", "b"],
      ["a", -1n],
      ["a", 1],
      ["a", 1, "x"],
      ["a", 2],
      ["a", false],
      ["a", true],
      ["a", true, true],
      ["a\u0000"],
      ["a\u0000b"],
      ["aa"],
      [1n],
      [1n, 1n],
      [2n],
      [1],
      [1, 1],
      [2],
    ]);
  });

  it("mixed keys of different lengths and types sort part by part", async () => {
    await expectOrder([
      [new Uint8Array([1]), "z"],
      [new Uint8Array([1, 0])],
      ["", 5],
      ["", true],
      ["x", new Uint8Array([2])],
      ["x", "y", 0n],
      [0n, "x"],
      [-3, -3],
      [-3, 3],
      [3, -3],
      [false, false],
      [false, true],
      [true, new Uint8Array([])],
      [true, false],
    ]);
  });

  it("NaN as a number key part sorts after Infinity (as in Deno)", async () => {
    await expectOrder([[-Infinity], [0], [Infinity], [NaN], [false]]);
  });

  it("list with start/end selects by the same order across types", async () => {
    const kv = await env.open();
    const keys: KvKey[] = [
      ["p", new Uint8Array([9])],
      ["p", "s"],
      ["p", 5n],
      ["p", 5],
      ["p", false],
      ["p", true],
    ];
    for (const k of keys) await kv.set(k, 1);
    const between = await listKeys(kv, { start: ["p", "a"], end: ["p", 0] });
    expect(between.map(showKey)).toEqual([["p", "s"], ["p", 5n]].map(showKey));
    const fromBigint = await listKeys(kv, { prefix: ["p"], start: ["p", 0n] });
    expect(fromBigint.map(showKey)).toEqual([["p", 5n], ["p", 5], ["p", false], ["p", true]].map(showKey));
  });
});
