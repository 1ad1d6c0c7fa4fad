// get / set / delete / getMany and value round-trips, against a real redis-server.
import { describe, expect, it } from "vitest";
import { KvU64 } from "./index";
import { useKvTestEnv, uniquePrefix, VERSIONSTAMP, collect, expectFailure } from "./test-support";

const env = useKvTestEnv();

describe("get / set / delete", () => {
  it("get of a missing key is { key, value: null, versionstamp: null }", async () => {
    const kv = await env.open();
    const entry = await kv.get(["nothing", "here"]);
    expect(entry).toEqual({ key: ["nothing", "here"], value: null, versionstamp: null });
  });

  it("set then get returns the value, the key and the commit's versionstamp", async () => {
    const kv = await env.open();
    const result = await kv.set(["users", 1], { name: "Ada" });
    expect(result.ok).toBe(true);
    expect(result.versionstamp).toMatch(VERSIONSTAMP);
    const entry = await kv.get(["users", 1]);
    expect(entry.key).toEqual(["users", 1]);
    expect(entry.value).toEqual({ name: "Ada" });
    expect(entry.versionstamp).toBe(result.versionstamp);
  });

  it("get with consistency 'eventual' and 'strong' both see the write", async () => {
    const kv = await env.open();
    await kv.set(["c"], "v");
    expect((await kv.get(["c"], { consistency: "eventual" })).value).toBe("v");
    expect((await kv.get(["c"], { consistency: "strong" })).value).toBe("v");
  });

  it("overwriting replaces the value and advances the versionstamp", async () => {
    const kv = await env.open();
    const a = await kv.set(["k"], "first");
    const b = await kv.set(["k"], "second");
    expect(b.versionstamp > a.versionstamp).toBe(true);
    const entry = await kv.get(["k"]);
    expect(entry.value).toBe("second");
    expect(entry.versionstamp).toBe(b.versionstamp);
  });

  it("delete removes the key (get and list no longer see it); deleting a missing key is fine", async () => {
    const kv = await env.open();
    await kv.set(["a"], 1);
    await kv.set(["b"], 2);
    await kv.delete(["a"]);
    expect(await kv.get(["a"])).toEqual({ key: ["a"], value: null, versionstamp: null });
    expect((await collect(kv.list({ prefix: [] }))).map((e) => e.key)).toEqual([["b"]]);
    await kv.delete(["never", "existed"]);
    expect((await kv.get(["b"])).value).toBe(2);
  });

  it("a value set, deleted and set again comes back with a newer versionstamp", async () => {
    const kv = await env.open();
    const first = await kv.set(["x"], 1);
    await kv.delete(["x"]);
    const second = await kv.set(["x"], 2);
    expect(second.versionstamp > first.versionstamp).toBe(true);
    expect(await kv.get(["x"])).toEqual({ key: ["x"], value: 2, versionstamp: second.versionstamp });
  });

  it("keys of every part type round-trip through get", async () => {
    const kv = await env.open();
    const key = [new Uint8Array([0, 1, 255]), "str", "", "ü🙂", 42n, -(2n ** 80n), 3.5, -0.25, 0, true, false];
    await kv.set(key, "ok");
    const entry = await kv.get(key);
    expect(entry.value).toBe("ok");
    expect(entry.key).toEqual(key);
    const listed = await collect(kv.list({ prefix: [] }));
    expect(listed).toHaveLength(1);
    expect(listed[0].key).toEqual(key);
    expect(listed[0].key[0]).toBeInstanceOf(Uint8Array);
    expect(typeof listed[0].key[4]).toBe("bigint");
  });

  it("similar-looking keys of different types are different keys", async () => {
    const kv = await env.open();
    await kv.set(["k", 1], "number");
    await kv.set(["k", 1n], "bigint");
    await kv.set(["k", "1"], "string");
    await kv.set(["k", new Uint8Array([1])], "bytes");
    await kv.set(["k", true], "true");
    expect((await kv.get(["k", 1])).value).toBe("number");
    expect((await kv.get(["k", 1n])).value).toBe("bigint");
    expect((await kv.get(["k", "1"])).value).toBe("string");
    expect((await kv.get(["k", new Uint8Array([1])])).value).toBe("bytes");
    expect((await kv.get(["k", true])).value).toBe("true");
    expect((await kv.get(["k"])).value).toBe(null);
  });

  it("two Kv instances with the same prefix share data; different prefixes are isolated", async () => {
    const prefix = uniquePrefix("shared");
    const a = await env.open(prefix);
    const b = await env.open(prefix);
    const other = await env.open();
    await a.set(["shared"], "hello");
    expect((await b.get(["shared"])).value).toBe("hello");
    expect((await other.get(["shared"])).value).toBe(null);
    expect(await collect(other.list({ prefix: [] }))).toEqual([]);
  });
});

describe("getMany", () => {
  it("returns entries in the order of the keys asked for, with nulls for missing keys", async () => {
    const kv = await env.open();
    const r1 = await kv.set(["b"], "B");
    const r2 = await kv.set(["a"], "A");
    const entries = await kv.getMany([["b"], ["missing"], ["a"]]);
    expect(entries).toEqual([
      { key: ["b"], value: "B", versionstamp: r1.versionstamp },
      { key: ["missing"], value: null, versionstamp: null },
      { key: ["a"], value: "A", versionstamp: r2.versionstamp },
    ]);
  });

  it("accepts exactly 10 keys and an empty list", async () => {
    const kv = await env.open();
    const keys = Array.from({ length: 10 }, (_, i) => ["n", i]);
    await kv.set(["n", 7], 7);
    const entries = await kv.getMany(keys);
    expect(entries).toHaveLength(10);
    expect(entries.map((e) => e.value)).toEqual([null, null, null, null, null, null, null, 7, null, null]);
    expect(await kv.getMany([])).toEqual([]);
  });
});

describe("value round-trips", () => {
  const cases: Array<[string, unknown]> = [
    ["string", "héllo 🌍"],
    ["empty string", ""],
    ["integer", 42],
    ["float", -3.25],
    ["NaN", NaN],
    ["Infinity", -Infinity],
    ["true", true],
    ["false", false],
    ["null", null],
    ["bigint", -(2n ** 100n) + 7n],
    ["plain object", { a: 1, nested: { b: [1, "two", { c: null }] } }],
    ["array", [1, "two", [3], { four: 4 }, null]],
    ["sparse-ish array with undefined", [1, undefined, 3]],
    ["Date", new Date("2024-02-29T12:34:56.789Z")],
    ["Map", new Map<unknown, unknown>([["a", 1], [2, { b: 2 }]])],
    ["Set", new Set([1, "two", 3n])],
    ["RegExp", /ab+c/gi],
    ["Int32Array", new Int32Array([-1, 0, 2 ** 31 - 1])],
    ["Float64Array", new Float64Array([0.5, -1e300])],
    ["BigUint64Array", new BigUint64Array([0n, 2n ** 64n - 1n])],
    ["ArrayBuffer", new Uint8Array([9, 8, 7]).buffer],
    ["object with a Uint8Array inside", { bytes: new Uint8Array([1, 2, 3]) }],
  ];

  it.each(cases)("%s", async (_name, value) => {
    const kv = await env.open();
    await kv.set(["v"], value);
    const entry = await kv.get(["v"]);
    expect(entry.value).toEqual(value);
    expect(entry.versionstamp).toMatch(VERSIONSTAMP);
    if (value !== null && typeof value === "object") {
      expect(Object.getPrototypeOf(entry.value)).toBe(Object.getPrototypeOf(value));
    }
  });

  it("Date keeps its time and RegExp its source and flags", async () => {
    const kv = await env.open();
    const date = new Date(1_700_000_000_123);
    await kv.set(["d"], { date, re: /x\d+/m });
    const { value } = await kv.get<{ date: Date; re: RegExp }>(["d"]);
    expect(value!.date).toBeInstanceOf(Date);
    expect(value!.date.getTime()).toBe(1_700_000_000_123);
    expect(value!.re).toBeInstanceOf(RegExp);
    expect(value!.re.source).toBe("x\\d+");
    expect(value!.re.flags).toBe("m");
  });

  it("undefined is a value: stored, with a versionstamp, read back as undefined", async () => {
    const kv = await env.open();
    const r = await kv.set(["u"], undefined);
    const entry = await kv.get(["u"]);
    expect(entry.value).toBeUndefined();
    expect(entry.versionstamp).toBe(r.versionstamp);
    expect(await collect(kv.list({ prefix: [] }))).toHaveLength(1);
  });

  it("null is a value too: an entry exists (versionstamp set, listed)", async () => {
    const kv = await env.open();
    const r = await kv.set(["n"], null);
    const entry = await kv.get(["n"]);
    expect(entry.value).toBeNull();
    expect(entry.versionstamp).toBe(r.versionstamp);
    expect(await collect(kv.list({ prefix: [] }))).toHaveLength(1);
  });

  it("Uint8Array comes back as a Uint8Array with the same bytes (including empty)", async () => {
    const kv = await env.open();
    const bytes = new Uint8Array(300).map((_, i) => (i * 7) % 256);
    await kv.set(["bytes"], bytes);
    await kv.set(["empty"], new Uint8Array(0));
    const got = (await kv.get<Uint8Array>(["bytes"])).value!;
    expect(got).toBeInstanceOf(Uint8Array);
    expect([...got]).toEqual([...bytes]);
    const empty = (await kv.get<Uint8Array>(["empty"])).value!;
    expect(empty).toBeInstanceOf(Uint8Array);
    expect(empty.length).toBe(0);
  });

  it("a Uint8Array view into a bigger buffer stores only its own bytes", async () => {
    const kv = await env.open();
    const backing = new Uint8Array([1, 2, 3, 4, 5, 6]);
    await kv.set(["view"], backing.subarray(2, 4));
    const got = (await kv.get<Uint8Array>(["view"])).value!;
    expect([...got]).toEqual([3, 4]);
  });

  it("KvU64 comes back as a KvU64 with the same value (0 and 2^64-1 too)", async () => {
    const kv = await env.open();
    for (const n of [0n, 1n, 2n ** 53n + 1n, 2n ** 64n - 1n]) {
      await kv.set(["u64", n], new KvU64(n));
      const got = (await kv.get(["u64", n])).value;
      expect(got).toBeInstanceOf(KvU64);
      expect((got as KvU64).value).toBe(n);
    }
  });

  it("values returned are copies: mutating a returned object does not change what is stored", async () => {
    const kv = await env.open();
    const original = { list: [1, 2] };
    await kv.set(["o"], original);
    original.list.push(3); // mutating after set must not matter either
    const first = (await kv.get<{ list: number[] }>(["o"])).value!;
    expect(first.list).toEqual([1, 2]);
    first.list.push(99);
    expect((await kv.get<{ list: number[] }>(["o"])).value!.list).toEqual([1, 2]);
  });

  it("a value that cannot be serialized (a function) is rejected and nothing is written", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.set(["f"], { fn: () => 1 }), Error);
    expect((await kv.get(["f"])).versionstamp).toBe(null);
  });
});

describe("KvU64", () => {
  it("holds 0 .. 2^64-1", () => {
    expect(new KvU64(0n).value).toBe(0n);
    expect(new KvU64(2n ** 64n - 1n).value).toBe(2n ** 64n - 1n);
  });

  it("throws RangeError below 0 or above 2^64-1", () => {
    expect(() => new KvU64(-1n)).toThrow(RangeError);
    expect(() => new KvU64(2n ** 64n)).toThrow(RangeError);
  });

  it("throws TypeError for a non-bigint", () => {
    expect(() => new KvU64(1 as unknown as bigint)).toThrow(TypeError);
  });
});
