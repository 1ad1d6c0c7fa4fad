// expireIn: the entry is there until it expires, then get/getMany/list no longer see it.
import { describe, expect, it } from "vitest";
import { KvU64 } from "./index";
import { useKvTestEnv, collect, expectFailure, sleep, uniquePrefix, waitFor, itAcrossPartitions } from "./test-support";

const env = useKvTestEnv();

describe("expireIn", () => {
  it("an entry set with expireIn is readable at first and gone after it expires", async () => {
    const kv = await env.open();
    const r = await kv.set(["session"], { user: 1 }, { expireIn: 300 });
    expect(r.ok).toBe(true);
    const entry = await kv.get(["session"]);
    expect(entry.value).toEqual({ user: 1 });
    expect(entry.versionstamp).toBe(r.versionstamp);
    await waitFor(async () => (await kv.get(["session"])).versionstamp === null, "the entry to expire", {
      timeoutMs: 3000,
    });
    expect(await kv.get(["session"])).toEqual({ key: ["session"], value: null, versionstamp: null });
    expect((await kv.getMany([["session"]]))[0].value).toBe(null);
  });

  itAcrossPartitions("expired entries are not listed, and limit still counts only live entries", async () => {
    const kv = await env.open();
    const op = kv.atomic();
    for (let i = 0; i < 6; i++) op.set(["e", i], `short-${i}`, { expireIn: 150 });
    for (let i = 6; i < 10; i++) op.set(["e", i], `long-${i}`);
    await op.commit();
    expect(await collect(kv.list({ prefix: ["e"] }))).toHaveLength(10);
    // No reads in between: list itself must notice that the entries expired.
    await sleep(400);
    const live = await collect(kv.list({ prefix: ["e"] }));
    expect(live.map((e) => e.value)).toEqual(["long-6", "long-7", "long-8", "long-9"]);
    const limited = await collect(kv.list({ prefix: ["e"] }, { limit: 2 }));
    expect(limited.map((e) => e.value)).toEqual(["long-6", "long-7"]);
    const reversed = await collect(kv.list({ prefix: ["e"] }, { reverse: true, batchSize: 1 }));
    expect(reversed.map((e) => e.value)).toEqual(["long-9", "long-8", "long-7", "long-6"]);
  });

  itAcrossPartitions("atomic set with expireIn expires; the other mutations of the commit stay", async () => {
    const kv = await env.open();
    await kv.atomic().set(["tmp"], 1, { expireIn: 150 }).set(["keep"], 2).commit();
    expect((await kv.get(["tmp"])).value).toBe(1);
    await waitFor(async () => (await kv.get(["tmp"])).versionstamp === null, "tmp to expire", { timeoutMs: 3000 });
    expect((await kv.get(["keep"])).value).toBe(2);
  });

  it("a later set without expireIn makes the entry permanent again", async () => {
    const kv = await env.open();
    await kv.set(["k"], "temporary", { expireIn: 150 });
    await kv.set(["k"], "permanent");
    await sleep(400);
    expect((await kv.get(["k"])).value).toBe("permanent");
    expect(await collect(kv.list({ prefix: [] }))).toHaveLength(1);
  });

  it("a later set with a longer expireIn replaces the shorter one", async () => {
    const kv = await env.open();
    await kv.set(["k"], "a", { expireIn: 150 });
    await kv.set(["k"], "b", { expireIn: 60_000 });
    await sleep(400);
    expect((await kv.get(["k"])).value).toBe("b");
  });

  it("after expiry, a create-if-absent check (versionstamp null) passes", async () => {
    const kv = await env.open();
    await kv.set(["lock"], "held", { expireIn: 150 });
    expect((await kv.atomic().check({ key: ["lock"], versionstamp: null }).set(["lock"], "x").commit()).ok).toBe(false);
    await sleep(400);
    const r = await kv.atomic().check({ key: ["lock"], versionstamp: null }).set(["lock"], "mine").commit();
    expect(r.ok).toBe(true);
    expect((await kv.get(["lock"])).value).toBe("mine");
  });

  it("sum onto an expired KvU64 starts from zero", async () => {
    const kv = await env.open();
    await kv.atomic().sum(["rate"], 5n).commit();
    await kv.atomic().mutate({ type: "set", key: ["rate"], value: (await kv.get(["rate"])).value, expireIn: 150 }).commit();
    await sleep(400);
    await kv.atomic().sum(["rate"], 1n).commit();
    const v = (await kv.get(["rate"])).value as { value: bigint };
    expect(v.value).toBe(1n);
  });

  it("sum with expireIn creates the counter with that TTL; it is gone after it", async () => {
    const prefix = uniquePrefix("sum-ttl");
    const kv = await env.open(prefix);
    await kv.atomic().sum(["hits"], 2n, { expireIn: 300 }).commit();
    expect((await kv.get(["hits"])).value).toEqual(new KvU64(2n));
    const ttl = await env.redis().pttl(env.dataKey(prefix, ["hits"]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await waitFor(async () => (await kv.get(["hits"])).versionstamp === null, "the counter to expire", { timeoutMs: 3000 });
    expect(await collect(kv.list({ prefix: [] }))).toHaveLength(0);
  });

  itAcrossPartitions("sum, min and max with expireIn onto an existing counter keep its arithmetic and set the new TTL", async () => {
    const prefix = uniquePrefix("u64-ttl");
    const kv = await env.open(prefix);
    await kv.atomic().sum(["s"], 5n, { expireIn: 150 }).max(["hi"], 3n).min(["lo"], 3n).commit();
    await kv
      .atomic()
      .sum(["s"], 1n, { expireIn: 60_000 })
      .mutate({ type: "max", key: ["hi"], value: new KvU64(7n), expireIn: 60_000 })
      .min(["lo"], 9n, { expireIn: 60_000 })
      .commit();
    await sleep(400);
    const [s, hi, lo] = await kv.getMany([["s"], ["hi"], ["lo"]]);
    expect([s.value, hi.value, lo.value]).toEqual([new KvU64(6n), new KvU64(7n), new KvU64(3n)]);
    for (const key of [["s"], ["hi"], ["lo"]]) {
      expect(await env.redis().pttl(env.dataKey(prefix, key))).toBeGreaterThan(50_000);
    }
  });

  it("a bad expireIn on sum, min or max is a TypeError, as for set; nothing is written", async () => {
    const kv = await env.open();
    const bad = [0, -5, Number.NaN, Number.POSITIVE_INFINITY, "soon" as unknown as number];
    for (const expireIn of bad) {
      await expectFailure(() => kv.set(["c"], 1, { expireIn }), TypeError, /expireIn/);
      await expectFailure(() => kv.atomic().sum(["c"], 1n, { expireIn }).commit(), TypeError, /expireIn/);
      await expectFailure(() => kv.atomic().min(["c"], 1n, { expireIn }).commit(), TypeError, /expireIn/);
      await expectFailure(() => kv.atomic().max(["c"], 1n, { expireIn }).commit(), TypeError, /expireIn/);
      await expectFailure(
        () => kv.atomic().mutate({ type: "sum", key: ["c"], value: new KvU64(1n), expireIn }).commit(),
        TypeError,
        /expireIn/,
      );
    }
    expect((await kv.get(["c"])).versionstamp).toBe(null);
  });

  it("an expireIn Redis cannot take is a RangeError before anything is written, never half a commit", async () => {
    const kv = await env.open();
    // 1e21 reaches Redis as "1e+21", 9.3e18 passes its 64-bit clock: SET PX fails on either.
    for (const expireIn of [1e21, 9.3e18]) {
      await expectFailure(
        () => kv.atomic().set(["first"], 1, { expireIn: 1_000 }).set(["second"], 2, { expireIn }).commit(),
        RangeError,
        /expireIn/,
      );
      await expectFailure(() => kv.atomic().set(["first"], 1).sum(["n"], 1n, { expireIn }).commit(), RangeError, /expireIn/);
    }
    expect((await kv.getMany([["first"], ["second"], ["n"]])).map((e) => e.versionstamp)).toEqual([null, null, null]);
    // The largest allowed one is taken.
    expect((await kv.set(["far"], 1, { expireIn: Number.MAX_SAFE_INTEGER })).ok).toBe(true);
  });
});
