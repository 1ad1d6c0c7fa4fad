// Bad input and Deno KV's limits: a TypeError / RangeError whose message names the limit,
// and nothing written.
import { describe, expect, it } from "vitest";
import { KvU64 } from "./index";
import type { KvKey } from "./types";
import { useKvTestEnv, collect, expectFailure, type Kv, itAcrossPartitions } from "./test-support";

const env = useKvTestEnv();

async function expectEmpty(kv: Kv): Promise<void> {
  expect(await collect(kv.list({ prefix: [] }))).toEqual([]);
}

const badParts: Array<[string, unknown]> = [
  ["null", null],
  ["undefined", undefined],
  ["an object", { a: 1 }],
  ["a nested array", ["a"]],
  ["a symbol", Symbol("s")],
  ["a function", () => 1],
  ["a Date", new Date(0)],
  ["an ArrayBuffer", new ArrayBuffer(2)],
  ["a KvU64", new KvU64(1n)],
];

describe("key validation", () => {
  it.each(badParts)("a key part that is %s is a TypeError for set / get / delete / atomic, nothing written", async (_n, part) => {
    const kv = await env.open();
    const key = ["ok", part] as unknown as KvKey;
    await expectFailure(() => kv.set(key, 1), TypeError);
    await expectFailure(() => kv.get(key), TypeError);
    await expectFailure(() => kv.delete(key), TypeError);
    await expectFailure(() => kv.getMany([["fine"], key]), TypeError);
    await expectFailure(() => kv.atomic().set(["fine"], 1).set(key, 1).commit(), TypeError);
    await expectFailure(() => kv.atomic().check({ key, versionstamp: null }).set(["fine"], 1).commit(), TypeError);
    await expectEmpty(kv);
  });

  it("a key that is not an array is a TypeError", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.set("plain" as unknown as KvKey, 1), TypeError);
    await expectEmpty(kv);
  });

  it("an empty key is a TypeError for set, get, atomic set and sum; nothing written", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.set([], 1), TypeError);
    await expectFailure(() => kv.get([]), TypeError);
    await expectFailure(() => kv.atomic().set(["fine"], 1).set([], 1).commit(), TypeError);
    await expectFailure(() => kv.atomic().set(["fine"], 1).sum([], 1n).commit(), TypeError);
    await expectEmpty(kv);
  });

  it("a key over 2048 bytes is a RangeError naming 2048 (set, atomic set); nothing written", async () => {
    const kv = await env.open();
    const big = ["k".repeat(2100)];
    const bigUnicode = ["é".repeat(1100)]; // 1100 chars, 2200 UTF-8 bytes
    const bigBytes = [new Uint8Array(1100).fill(0)]; // 0x00 bytes take 2 bytes each when escaped
    for (const key of [big, bigUnicode, bigBytes]) {
      await expectFailure(() => kv.set(key, 1), RangeError, /2048/);
      await expectFailure(() => kv.atomic().set(["fine"], 1).set(key, 1).commit(), RangeError, /2048/);
    }
    await expectEmpty(kv);
  });

  it("a key well under the limit (2000 bytes) is fine", async () => {
    const kv = await env.open();
    const key = ["k".repeat(2000)];
    await kv.set(key, "long key");
    expect((await kv.get(key)).value).toBe("long key");
    expect((await collect(kv.list({ prefix: [] })))[0].key).toEqual(key);
  });
});

describe("value size", () => {
  it("a value over 65536 bytes is a RangeError naming 65536; nothing written", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.set(["v"], "x".repeat(70_000)), RangeError, /65536|65,536|64 ?KiB/);
    await expectFailure(() => kv.set(["v"], new Uint8Array(70_000)), RangeError, /65536|65,536|64 ?KiB/);
    await expectFailure(
      () => kv.atomic().set(["fine"], 1).set(["v"], { big: "y".repeat(70_000) }).commit(),
      RangeError,
      /65536|65,536|64 ?KiB/,
    );
    await expectFailure(
      () => kv.atomic().set(["fine"], 1).mutate({ type: "set", key: ["v"], value: new Uint8Array(66_000) }).commit(),
      RangeError,
      /65536|65,536|64 ?KiB/,
    );
    await expectEmpty(kv);
  });

  it("a value well under the limit (60,000 bytes) is stored", async () => {
    const kv = await env.open();
    await kv.set(["s"], "x".repeat(60_000));
    await kv.set(["b"], new Uint8Array(60_000).fill(7));
    expect(((await kv.get(["s"])).value as string).length).toBe(60_000);
    expect(((await kv.get(["b"])).value as Uint8Array).length).toBe(60_000);
  });
});

describe("count limits", () => {
  const keys = (n: number): KvKey[] => Array.from({ length: n }, (_, i) => ["k", i]);

  it("getMany with more than 10 keys is a RangeError naming 10", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.getMany(keys(11)), RangeError, /\b10\b/);
    expect(await kv.getMany(keys(10))).toHaveLength(10);
  });

  it("watch with more than 10 keys is a RangeError naming 10", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.watch(keys(11)), RangeError, /\b10\b/);
    const stream = kv.watch(keys(10));
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.value).toHaveLength(10);
    await reader.cancel();
  });

  itAcrossPartitions("more than 100 checks is a RangeError naming 100; nothing written", async () => {
    const kv = await env.open();
    const op = () => {
      const a = kv.atomic();
      for (let i = 0; i < 101; i++) a.check({ key: ["c", i], versionstamp: null });
      return a.set(["written"], 1).commit();
    };
    await expectFailure(op, RangeError, /\b100\b/);
    await expectEmpty(kv);
    const ok = kv.atomic();
    for (let i = 0; i < 100; i++) ok.check({ key: ["c", i], versionstamp: null });
    expect((await ok.set(["written"], 1).commit()).ok).toBe(true);
  });

  itAcrossPartitions("more than 1000 mutations is a RangeError naming 1000; nothing written", async () => {
    const kv = await env.open();
    const op = (n: number) => {
      const a = kv.atomic();
      for (let i = 0; i < n; i++) a.set(["m", i], i);
      return a.commit();
    };
    await expectFailure(() => op(1001), RangeError, /\b1,?000\b/);
    await expectFailure(
      () => kv.atomic().mutate(...Array.from({ length: 1001 }, (_, i) => ({ type: "delete" as const, key: ["d", i] }))).commit(),
      RangeError,
      /\b1,?000\b/,
    );
    await expectEmpty(kv);
    expect((await op(1000)).ok).toBe(true);
    expect(await collect(kv.list({ prefix: ["m"] }))).toHaveLength(1000);
  });
});

describe("other bad input", () => {
  it("a check whose versionstamp is not a versionstamp is an error; nothing written", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.atomic().check({ key: ["a"], versionstamp: "nope" }).set(["a"], 1).commit(), Error);
    await expectEmpty(kv);
  });

  it("a negative or non-number expireIn is an error; nothing written", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.set(["a"], 1, { expireIn: -5 }), Error);
    await expectFailure(() => kv.set(["a"], 1, { expireIn: "soon" as unknown as number }), Error);
    await expectEmpty(kv);
  });
});
