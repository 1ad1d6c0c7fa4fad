// atomic(): checks, mutations, versionstamps, KvU64 arithmetic and concurrency.
import { describe, expect, it } from "vitest";
import { KvU64 } from "./index";
import type { KvMutation } from "./types";
import { useKvTestEnv, uniquePrefix, collect, commandsSentDuring, expectFailure, VERSIONSTAMP, type Kv, itAcrossPartitions } from "./test-support";

const env = useKvTestEnv();

const MAX_U64 = 2n ** 64n - 1n;

async function u64(kv: Kv, key: readonly (string | number)[]): Promise<bigint | null> {
  const { value } = await kv.get(key);
  if (value === null) return null;
  expect(value).toBeInstanceOf(KvU64);
  return (value as KvU64).value;
}

describe("commit and versionstamps", () => {
  itAcrossPartitions("a commit applies all its mutations under one versionstamp", async () => {
    const kv = await env.open();
    await kv.set(["gone"], "soon");
    const res = await kv
      .atomic()
      .set(["a"], 1)
      .set(["b"], { two: 2 })
      .delete(["gone"])
      .sum(["count"], 5n)
      .commit();
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.versionstamp).toMatch(VERSIONSTAMP);
    const [a, b, gone, count] = await kv.getMany([["a"], ["b"], ["gone"], ["count"]]);
    expect(a.versionstamp).toBe(res.versionstamp);
    expect(b.versionstamp).toBe(res.versionstamp);
    expect(count.versionstamp).toBe(res.versionstamp);
    expect(gone).toEqual({ key: ["gone"], value: null, versionstamp: null });
    expect(b.value).toEqual({ two: 2 });
    expect((count.value as KvU64).value).toBe(5n);
  });

  it("versionstamps are 20 lowercase hex digits, strictly increasing across commits and instances", async () => {
    const prefix = uniquePrefix("vs");
    const kv1 = await env.open(prefix);
    const kv2 = await env.open(prefix);
    const stamps: string[] = [];
    for (let i = 0; i < 10; i++) {
      const kv = i % 2 ? kv1 : kv2;
      const r = i % 3 === 0 ? await kv.set(["k", i], i) : await kv.atomic().set(["k", i], i).commit();
      expect(r.ok).toBe(true);
      if (r.ok) stamps.push(r.versionstamp);
    }
    for (const s of stamps) expect(s).toMatch(VERSIONSTAMP);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] > stamps[i - 1]).toBe(true);
  });

  itAcrossPartitions("mutations apply in order: set then delete deletes; delete then set sets; two sums add up", async () => {
    const kv = await env.open();
    await kv.atomic().set(["x"], 1).delete(["x"]).delete(["y"]).set(["y"], 2).sum(["s"], 3n).sum(["s"], 4n).commit();
    expect((await kv.get(["x"])).versionstamp).toBe(null);
    expect((await kv.get(["y"])).value).toBe(2);
    expect(await u64(kv, ["s"])).toBe(7n);
  });

  it("an empty commit succeeds", async () => {
    const kv = await env.open();
    const res = await kv.atomic().commit();
    expect(res.ok).toBe(true);
  });
});

describe("checks", () => {
  itAcrossPartitions("a check on the current versionstamp passes; on an older one it fails and writes nothing", async () => {
    const kv = await env.open();
    const v1 = await kv.set(["doc"], "v1");
    const ok = await kv.atomic().check({ key: ["doc"], versionstamp: v1.versionstamp }).set(["doc"], "v2").commit();
    expect(ok.ok).toBe(true);
    const stale = await kv
      .atomic()
      .check({ key: ["doc"], versionstamp: v1.versionstamp })
      .set(["doc"], "v3")
      .set(["other"], "x")
      .commit();
    expect(stale).toEqual({ ok: false });
    expect((await kv.get(["doc"])).value).toBe("v2");
    expect((await kv.get(["other"])).versionstamp).toBe(null);
  });

  it("versionstamp null checks that the key does not exist", async () => {
    const kv = await env.open();
    const first = await kv.atomic().check({ key: ["once"], versionstamp: null }).set(["once"], 1).commit();
    expect(first.ok).toBe(true);
    const second = await kv.atomic().check({ key: ["once"], versionstamp: null }).set(["once"], 2).commit();
    expect(second.ok).toBe(false);
    expect((await kv.get(["once"])).value).toBe(1);
  });

  it("a check against an entry read with get() works for optimistic updates", async () => {
    const kv = await env.open();
    await kv.set(["counter"], 0);
    for (let i = 0; i < 3; i++) {
      const entry = await kv.get<number>(["counter"]);
      const r = await kv.atomic().check(entry).set(["counter"], entry.value! + 1).commit();
      expect(r.ok).toBe(true);
    }
    expect((await kv.get(["counter"])).value).toBe(3);
  });

  itAcrossPartitions("one failing check among several fails the whole commit", async () => {
    const kv = await env.open();
    const a = await kv.set(["a"], 1);
    await kv.set(["b"], 1);
    const res = await kv
      .atomic()
      .check({ key: ["a"], versionstamp: a.versionstamp }, { key: ["b"], versionstamp: a.versionstamp })
      .check({ key: ["c"], versionstamp: null })
      .set(["a"], 2)
      .sum(["n"], 1n)
      .commit();
    expect(res).toEqual({ ok: false });
    expect((await kv.get(["a"])).value).toBe(1);
    expect((await kv.get(["n"])).versionstamp).toBe(null);
  });

  it("a check on a deleted key: null passes, the old versionstamp fails", async () => {
    const kv = await env.open();
    const r = await kv.set(["d"], 1);
    await kv.delete(["d"]);
    expect((await kv.atomic().check({ key: ["d"], versionstamp: r.versionstamp }).set(["d"], 2).commit()).ok).toBe(false);
    expect((await kv.atomic().check({ key: ["d"], versionstamp: null }).set(["d"], 3).commit()).ok).toBe(true);
    expect((await kv.get(["d"])).value).toBe(3);
  });
});

describe("KvU64 sum / min / max", () => {
  it("sum on a missing key sets it; on an existing KvU64 adds", async () => {
    const kv = await env.open();
    await kv.atomic().sum(["n"], 10n).commit();
    expect(await u64(kv, ["n"])).toBe(10n);
    await kv.atomic().sum(["n"], 32n).commit();
    expect(await u64(kv, ["n"])).toBe(42n);
    await kv.set(["m"], new KvU64(2n ** 53n));
    await kv.atomic().sum(["m"], 1n).commit();
    expect(await u64(kv, ["m"])).toBe(2n ** 53n + 1n); // exact beyond double precision
  });

  itAcrossPartitions("a sum onto a key that is there adds no index entry again (a click's counters), and list() still finds every key", async () => {
    const kv = await env.open();
    await kv.atomic().sum(["c", "a"], 1n).commit();
    const inScripts = await commandsSentDuring(env.url, () => kv.atomic().sum(["c", "a"], 1n).sum(["c", "b"], 1n).commit(), { inScripts: true });
    // Only the new key ["c", "b"] is indexed.
    expect(inScripts.filter((name) => name === "zadd")).toHaveLength(1);
    const listed = await collect(kv.list({ prefix: ["c"] }));
    expect(listed.map((entry) => [entry.key, (entry.value as KvU64).value])).toEqual([[["c", "a"], 2n], [["c", "b"], 1n]]);
  });

  it("sum wraps around at 2^64", async () => {
    const kv = await env.open();
    await kv.set(["w"], new KvU64(MAX_U64));
    await kv.atomic().sum(["w"], 2n).commit();
    expect(await u64(kv, ["w"])).toBe(1n);
    await kv.set(["w2"], new KvU64(2n ** 63n + 5n));
    await kv.atomic().sum(["w2"], 2n ** 63n).commit();
    expect(await u64(kv, ["w2"])).toBe(5n);
    await kv.atomic().sum(["w3"], MAX_U64).sum(["w3"], MAX_U64).commit();
    expect(await u64(kv, ["w3"])).toBe(MAX_U64 - 1n);
  });

  it("sum is exact across limb boundaries (carries through every 16/32-bit boundary)", async () => {
    const kv = await env.open();
    const cases: Array<[bigint, bigint]> = [
      [0xffffn, 1n],
      [0xffffffffn, 1n],
      [0xffffffffffffn, 1n],
      [0x00ff00ff00ff00ffn, 0x0101010101010101n],
      [0x123456789abcdef0n, 0xfedcba9876543210n],
      [2n ** 64n - 2n ** 32n, 2n ** 32n - 1n],
    ];
    for (const [i, [a, b]] of cases.entries()) {
      await kv.set(["c", i], new KvU64(a));
      await kv.atomic().sum(["c", i], b).commit();
      expect(await u64(kv, ["c", i])).toBe((a + b) % 2n ** 64n);
    }
  });

  itAcrossPartitions("min and max: set when missing, compare exactly (64-bit) when present", async () => {
    const kv = await env.open();
    await kv.atomic().min(["lo"], 50n).max(["hi"], 50n).commit();
    expect(await u64(kv, ["lo"])).toBe(50n);
    expect(await u64(kv, ["hi"])).toBe(50n);
    await kv.atomic().min(["lo"], 70n).max(["hi"], 30n).commit();
    expect(await u64(kv, ["lo"])).toBe(50n);
    expect(await u64(kv, ["hi"])).toBe(50n);
    await kv.atomic().min(["lo"], 20n).max(["hi"], MAX_U64).commit();
    expect(await u64(kv, ["lo"])).toBe(20n);
    expect(await u64(kv, ["hi"])).toBe(MAX_U64);
    // values that differ only below double precision
    await kv.set(["p"], new KvU64(2n ** 60n + 1n));
    await kv.atomic().max(["p"], 2n ** 60n + 2n).commit();
    expect(await u64(kv, ["p"])).toBe(2n ** 60n + 2n);
    await kv.atomic().min(["p"], 2n ** 60n + 1n).commit();
    expect(await u64(kv, ["p"])).toBe(2n ** 60n + 1n);
  });

  it("sum / min / max with a bigint out of the u64 range is a RangeError", async () => {
    const kv = await env.open();
    await expectFailure(() => kv.atomic().sum(["r"], -1n).commit(), RangeError);
    await expectFailure(() => kv.atomic().max(["r"], 2n ** 64n).commit(), RangeError);
    expect((await kv.get(["r"])).versionstamp).toBe(null);
  });

  it.each([
    ["a number", 5],
    ["a string", "5"],
    ["a bigint", 5n],
    ["an 8-byte Uint8Array", new Uint8Array(8)],
    ["an object", { value: 5n }],
  ])("sum / min / max onto %s is a TypeError and nothing in the commit is written", async (_name, existing) => {
    const kv = await env.open();
    const before = await kv.set(["x"], existing);
    for (const op of ["sum", "min", "max"] as const) {
      await expectFailure(() => kv.atomic().set(["side"], "effect")[op](["x"], 1n).set(["after"], 1).commit(), TypeError);
    }
    const x = await kv.get(["x"]);
    expect(x.value).toEqual(existing);
    expect(x.versionstamp).toBe(before.versionstamp);
    expect((await kv.get(["side"])).versionstamp).toBe(null);
    expect((await kv.get(["after"])).versionstamp).toBe(null);
  });
});

describe("mutate", () => {
  itAcrossPartitions("applies set (with expireIn accepted), delete, sum, min and max mutations", async () => {
    const kv = await env.open();
    await kv.set(["del"], 1);
    const res = await kv
      .atomic()
      .mutate(
        { type: "set", key: ["s"], value: "v" },
        { type: "set", key: ["t"], value: 1, expireIn: 60_000 },
        { type: "delete", key: ["del"] },
        { type: "sum", key: ["n"], value: new KvU64(3n) },
        { type: "min", key: ["lo"], value: new KvU64(9n) },
        { type: "max", key: ["hi"], value: new KvU64(9n) },
      )
      .mutate({ type: "sum", key: ["n"], value: new KvU64(4n) })
      .commit();
    expect(res.ok).toBe(true);
    expect((await kv.get(["s"])).value).toBe("v");
    expect((await kv.get(["t"])).value).toBe(1);
    expect((await kv.get(["del"])).versionstamp).toBe(null);
    expect(await u64(kv, ["n"])).toBe(7n);
    expect(await u64(kv, ["lo"])).toBe(9n);
    expect(await u64(kv, ["hi"])).toBe(9n);
  });

  it("a sum mutation whose value is not a KvU64 is a TypeError, nothing written", async () => {
    const kv = await env.open();
    await expectFailure(
      () =>
        kv
          .atomic()
          .set(["a"], 1)
          .mutate({ type: "sum", key: ["n"], value: 3n as unknown as KvU64 })
          .commit(),
      TypeError,
    );
    expect((await kv.get(["a"])).versionstamp).toBe(null);
    expect((await kv.get(["n"])).versionstamp).toBe(null);
  });

  // As Deno's AtomicOperation.mutate: a value-taking mutation needs its own `value` property
  // (undefined is a value: it is stored), and a delete must not carry one.
  it("a set, sum, min or max mutation without a value is a TypeError when staged, nothing written", async () => {
    const kv = await env.open();
    for (const type of ["set", "sum", "min", "max"] as const) {
      const mutation = { type, key: ["m"] } as unknown as KvMutation;
      const op = kv.atomic().set(["a"], 1);
      await expectFailure(() => op.mutate(mutation), TypeError, new RegExp(`^Invalid mutation '${type}' without value$`));
      expect((await op.commit()).ok).toBe(true); // the refused mutation was not staged
      expect((await kv.get(["m"])).versionstamp).toBe(null);
    }
    await kv.atomic().mutate({ type: "set", key: ["u"], value: undefined }).commit();
    expect(await kv.get(["u"])).toMatchObject({ value: undefined, versionstamp: expect.stringMatching(VERSIONSTAMP) });
  });

  it("a delete mutation with a value is a TypeError, and the key stays", async () => {
    const kv = await env.open();
    await kv.set(["d"], "kept");
    const mutation = { type: "delete", key: ["d"], value: "oops" } as unknown as KvMutation;
    await expectFailure(() => kv.atomic().mutate(mutation).commit(), TypeError, /^Invalid mutation 'delete' with value$/);
    expect((await kv.get(["d"])).value).toBe("kept");
  });
});

describe("concurrency", () => {
  it("100 concurrent sum commits from 4 Kv instances lose nothing", async () => {
    const prefix = uniquePrefix("sum");
    const kvs = await Promise.all([0, 1, 2, 3].map(() => env.open(prefix)));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => kvs[i % 4].atomic().sum(["hits"], 1n).commit()),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const stamps = new Set(results.map((r) => (r.ok ? r.versionstamp : "")));
    expect(stamps.size).toBe(100);
    expect(await u64(kvs[0], ["hits"])).toBe(100n);
  });

  itAcrossPartitions("concurrent check-and-set on one versionstamp: exactly one wins", async () => {
    const prefix = uniquePrefix("cas");
    const kvs = await Promise.all([0, 1, 2, 3].map(() => env.open(prefix)));
    const start = await kvs[0].set(["lock"], "free");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        kvs[i % 4]
          .atomic()
          .check({ key: ["lock"], versionstamp: start.versionstamp })
          .set(["lock"], `owner-${i}`)
          .sum(["wins"], 1n)
          .commit(),
      ),
    );
    const winners = results.map((r, i) => (r.ok ? i : -1)).filter((i) => i >= 0);
    expect(winners).toHaveLength(1);
    const winner = results[winners[0]];
    const lock = await kvs[1].get(["lock"]);
    expect(lock.value).toBe(`owner-${winners[0]}`);
    expect(winner.ok && lock.versionstamp).toBe(winner.ok ? winner.versionstamp : "");
    expect(await u64(kvs[2], ["wins"])).toBe(1n);
  });

  it("concurrent create-if-absent (check null): exactly one wins", async () => {
    const prefix = uniquePrefix("create");
    const kvs = await Promise.all([0, 1, 2].map(() => env.open(prefix)));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        kvs[i % 3].atomic().check({ key: ["user", "ada"], versionstamp: null }).set(["user", "ada"], i).commit(),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await collect(kvs[0].list({ prefix: ["user"] }))).toHaveLength(1);
  });

  it("optimistic read-modify-write loops from several instances never lose an increment", async () => {
    const prefix = uniquePrefix("rmw");
    const kvs = await Promise.all([0, 1, 2].map(() => env.open(prefix)));
    await kvs[0].set(["n"], 0);
    const increment = async (kv: Kv) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const entry = await kv.get<number>(["n"]);
        const r = await kv.atomic().check(entry).set(["n"], entry.value! + 1).commit();
        if (r.ok) return;
      }
      throw new Error("could not increment in 200 attempts");
    };
    await Promise.all(Array.from({ length: 30 }, (_, i) => increment(kvs[i % 3])));
    expect((await kvs[0].get(["n"])).value).toBe(30);
  });
});
