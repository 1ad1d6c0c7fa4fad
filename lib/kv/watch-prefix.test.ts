// watchPrefix(prefix): batches of entries under the prefix that changed (value null when
// deleted or expired); no initial emission; cancel releases the pattern subscription.
import { describe, expect, it } from "vitest";
import type { KvEntryMaybe, KvKey } from "./types";
import {
  useKvTestEnv,
  uniquePrefix,
  StreamProbe,
  waitFor,
  pubsubNumpat,
  showKey,
  VERSIONSTAMP,
  type Kv,
  itAcrossPartitions,
} from "./test-support";
import { PRUNE_EMITTED_AT } from "./watchers";

const env = useKvTestEnv();

type Batch = KvEntryMaybe[];

async function pair(): Promise<{ watcher: Kv; writer: Kv }> {
  const prefix = uniquePrefix("wp");
  return { watcher: await env.open(prefix), writer: await env.open(prefix) };
}

/** Starts a prefix watch and waits until Redis has its pattern subscription. */
async function watchPrefix(kv: Kv, prefix: KvKey, options?: { since?: string }): Promise<StreamProbe<Batch>> {
  const before = await pubsubNumpat(env.redis());
  const patternsBefore = kv.watchStats().patterns;
  const probe = new StreamProbe(kv.watchPrefix(prefix, options) as ReadableStream<Batch>);
  // A second watch on a prefix this Kv already watches adds no pattern.
  if (patternsBefore === 0) {
    await waitFor(async () => (await pubsubNumpat(env.redis())) > before, "the prefix's pattern subscription");
  }
  return probe;
}

const keyId = (key: KvKey) => JSON.stringify(showKey(key));

/** Reads batches until `done(latest entry per key)` holds; returns every batch seen. */
async function readUntil(
  probe: StreamProbe<Batch>,
  done: (latest: Map<string, KvEntryMaybe>) => boolean,
  timeoutMs = 5000,
): Promise<{ batches: Batch[]; latest: Map<string, KvEntryMaybe> }> {
  const batches: Batch[] = [];
  const latest = new Map<string, KvEntryMaybe>();
  const deadline = Date.now() + timeoutMs;
  while (!done(latest)) {
    const batch = await probe.next(Math.max(1, deadline - Date.now()), `batches until done (have ${[...latest.keys()].join(" ")})`);
    expect(Array.isArray(batch)).toBe(true);
    batches.push(batch);
    for (const entry of batch) latest.set(keyId(entry.key), entry);
  }
  return { batches, latest };
}

describe("watchPrefix", () => {
  // The commit signals a delete of an absent key for watch(keys, { raw: true }); a change
  // feed has nothing to report for it.
  it("deleting an absent key under the prefix emits nothing, even when a raw watch of that key hears of it", async () => {
    const { watcher, writer } = await pair();
    const feed = await watchPrefix(watcher, ["room"]);
    const key = new StreamProbe(watcher.watch([["room", "never-set"]], { raw: true }));
    await key.next();
    await writer.delete(["room", "never-set"]);
    await key.next(3000, "the raw watch's emission for the delete");
    await writer.set(["room", "m1"], "hello");
    const batch = await feed.next(3000, "the prefix batch");
    expect(batch.map((e) => [showKey(e.key), e.value])).toEqual([[showKey(["room", "m1"]), "hello"]]);
    await key.cancel();
    await feed.cancel();
  });

  it("has no initial emission, even when entries exist under the prefix", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["room", 1], "existing");
    const w = await watchPrefix(watcher, ["room"]);
    await w.expectNothing(300, "no initial emission");
    await w.cancel();
  });

  it("streams sets under the prefix with key, value and versionstamp", async () => {
    const { watcher, writer } = await pair();
    const w = await watchPrefix(watcher, ["room"]);
    const r = await writer.set(["room", "msg", 1], { text: "hi" });
    const { latest } = await readUntil(w, (m) => m.has(keyId(["room", "msg", 1])));
    expect(latest.get(keyId(["room", "msg", 1]))).toEqual({
      key: ["room", "msg", 1],
      value: { text: "hi" },
      versionstamp: r.versionstamp,
    });
    await w.cancel();
  });

  it("a delete arrives as value null, versionstamp null", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["p", "gone"], 1);
    const w = await watchPrefix(watcher, ["p"]);
    await writer.delete(["p", "gone"]);
    const { latest } = await readUntil(w, (m) => m.has(keyId(["p", "gone"])));
    expect(latest.get(keyId(["p", "gone"]))).toEqual({ key: ["p", "gone"], value: null, versionstamp: null });
    await w.cancel();
  });

  it("an expiry arrives as value null", async () => {
    const { watcher, writer } = await pair();
    const w = await watchPrefix(watcher, ["p"]);
    await writer.set(["p", "temp"], "x", { expireIn: 200 });
    await readUntil(w, (m) => m.get(keyId(["p", "temp"]))?.value === "x");
    const { latest } = await readUntil(w, (m) => m.get(keyId(["p", "temp"]))?.value === null, 5000);
    expect(latest.get(keyId(["p", "temp"]))).toEqual({ key: ["p", "temp"], value: null, versionstamp: null });
    await w.cancel();
  });

  /** Writes `outside` keys, then one key under ["a"]; expects only the latter to be emitted. */
  async function expectOnlyUnder(outside: KvKey[], stranger = false): Promise<void> {
    const { watcher, writer } = await pair();
    const other = await env.open();
    const w = await watchPrefix(watcher, ["a"]);
    for (const key of outside) await writer.set(key, "outside");
    if (stranger) await other.set(["a", "x"], "other keyspace");
    await writer.set(["a", "deep", "er", 1n], "in");
    const { batches } = await readUntil(w, (m) => m.has(keyId(["a", "deep", "er", 1n])));
    expect(batches.flat().map((e) => keyId(e.key))).toEqual([keyId(["a", "deep", "er", 1n])]);
    expect(batches.flat()[0].value).toBe("in");
    await w.expectNothing(200, "nothing else");
    await w.cancel();
  }

  it("emits only keys under the prefix: not siblings, nor the same key in another keyspace", async () => {
    await expectOnlyUnder([["ab"], ["b", "a"], ["A", "a"], [new Uint8Array([1]), "a"]], true);
  });

  it("does not emit a look-alike key whose encoding starts with the prefix's bytes (['a\\0b'] for ['a'])", async () => {
    await expectOnlyUnder([["a\u0000b"], ["a\u0000"]]);
  });

  it("does not emit the prefix key itself (as list({prefix}) does not list it)", async () => {
    await expectOnlyUnder([["a"]]);
  });

  itAcrossPartitions("an atomic commit of three keys under the prefix delivers all three with one versionstamp", async () => {
    const { watcher, writer } = await pair();
    const w = await watchPrefix(watcher, ["chat"]);
    const r = await writer.atomic().set(["chat", 1], "a").set(["chat", 2], "b").set(["chat", 3], "c").set(["x"], 0).commit();
    expect(r.ok).toBe(true);
    const { latest } = await readUntil(w, (m) => m.size >= 3);
    expect([...latest.values()].map((e) => e.value).sort()).toEqual(["a", "b", "c"]);
    for (const e of latest.values()) expect(e.versionstamp).toBe(r.ok ? r.versionstamp : "");
    await w.cancel();
  });

  it("rapid writes to one key: versionstamps seen never go backwards and the last value arrives", async () => {
    const { watcher, writer } = await pair();
    const w = await watchPrefix(watcher, ["c"]);
    for (let i = 1; i <= 30; i++) await writer.set(["c", "n"], i);
    const { batches } = await readUntil(w, (m) => m.get(keyId(["c", "n"]))?.value === 30);
    const stamps = batches.flat().map((e) => e.versionstamp as string);
    for (const s of stamps) expect(s).toMatch(VERSIONSTAMP);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] >= stamps[i - 1]).toBe(true);
    await w.cancel();
  });

  it("a slow reader loses no key: after many writes, reading delivers every key's latest value", async () => {
    const { watcher, writer } = await pair();
    const w = await watchPrefix(watcher, ["s"]);
    for (let round = 1; round <= 2; round++) {
      for (let i = 0; i < 30; i++) await writer.set(["s", i], `${round}-${i}`);
    }
    await writer.delete(["s", 0]);
    const { latest } = await readUntil(
      w,
      (m) => m.get(keyId(["s", 0]))?.value === null && Array.from({ length: 29 }, (_, i) => m.get(keyId(["s", i + 1]))?.value === `2-${i + 1}`).every(Boolean),
    );
    expect(latest.size).toBe(30);
    await w.cancel();
  });

  it("an empty prefix watches this Kv's whole keyspace and nothing of other keyspaces", async () => {
    const { watcher, writer } = await pair();
    const stranger = await env.open();
    const w = await watchPrefix(watcher, []);
    await stranger.set(["k"], "theirs");
    await writer.set(["k"], "ours");
    const { batches } = await readUntil(w, (m) => m.has(keyId(["k"])));
    expect(batches.flat().map((e) => e.value)).toEqual(["ours"]);
    await w.cancel();
  });

  it("with `since`, the first batch is every entry under the prefix newer than that versionstamp", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["log", 1], "old");
    const mark = await writer.set(["log", 2], "at mark");
    await writer.set(["log", 3], "new 3");
    await writer.set(["log", 4], "new 4");
    await writer.set(["other"], "outside");
    const w = new StreamProbe(watcher.watchPrefix(["log"], { since: mark.versionstamp }) as ReadableStream<Batch>);
    const { latest } = await readUntil(w, (m) => m.size >= 2);
    expect([...latest.values()].map((e) => e.value).sort()).toEqual(["new 3", "new 4"]);
    await writer.set(["log", 5], "live");
    const after = await readUntil(w, (m) => m.has(keyId(["log", 5])));
    expect(after.latest.get(keyId(["log", 5]))?.value).toBe("live");
    await w.cancel();
  });
});

describe("watchPrefix subscriptions", () => {
  it("cancel releases the pattern (watchStats().patterns and PUBSUB NUMPAT)", async () => {
    const kv = await env.open();
    const before = await pubsubNumpat(env.redis());
    const w = await watchPrefix(kv, ["x"]);
    expect(kv.watchStats().patterns).toBe(1);
    expect(await pubsubNumpat(env.redis())).toBe(before + 1);
    await w.cancel();
    await waitFor(() => kv.watchStats().patterns === 0 && kv.watchStats().watchers === 0, "patterns 0");
    await waitFor(async () => (await pubsubNumpat(env.redis())) === before, "Redis NUMPAT back to before");
  });

  it("cancelling a prefix watch right away (never read) leaves no pattern behind", async () => {
    const kv = await env.open();
    const before = await pubsubNumpat(env.redis());
    await kv.watchPrefix(["never"]).cancel();
    await waitFor(() => kv.watchStats().patterns === 0, "patterns 0");
    await new Promise((r) => setTimeout(r, 500));
    expect(await pubsubNumpat(env.redis())).toBe(before);
  });

  it("two watches on one prefix share one pattern; both get changes; cancelling one keeps the other", async () => {
    const { watcher, writer } = await pair();
    const a = await watchPrefix(watcher, ["sh"]);
    const b = await watchPrefix(watcher, ["sh"]);
    expect(watcher.watchStats().patterns).toBe(1);
    expect(watcher.watchStats().watchers).toBe(2);
    await writer.set(["sh", 1], "one");
    await readUntil(a, (m) => m.has(keyId(["sh", 1])));
    await readUntil(b, (m) => m.has(keyId(["sh", 1])));
    await a.cancel();
    await writer.set(["sh", 2], "two");
    await readUntil(b, (m) => m.has(keyId(["sh", 2])));
    expect(watcher.watchStats().patterns).toBe(1);
    await b.cancel();
    await waitFor(() => watcher.watchStats().patterns === 0, "patterns 0");
  });

  // A chat room's log: every message a new key. The watch must not remember each one it ever
  // delivered, yet still deliver every one exactly once.
  it("a long watch of ever new keys delivers each once and keeps a bounded number of versionstamps", async () => {
    const { watcher, writer } = await pair();
    const room = ["log", "room"];
    const probe = await watchPrefix(watcher, room);
    const times = new Map<number, number>();
    const receive = async (until: () => boolean): Promise<void> => {
      while (!until()) {
        for (const entry of await probe.next(10_000, `messages (${times.size} so far)`)) {
          const n = entry.key[2] as number;
          times.set(n, (times.get(n) ?? 0) + 1);
        }
      }
    };
    const total = 3 * PRUNE_EMITTED_AT;
    // Ten messages a commit (one partition), read as they come.
    for (let n = 0; n < total; n += 10) {
      const op = writer.atomic();
      for (let m = n; m < n + 10; m++) op.set([...room, m], `message ${m}`);
      expect((await op.commit()).ok).toBe(true);
      if (n % 500 === 0) await receive(() => times.size >= n + 10);
    }
    await receive(() => times.size >= total);
    // Pruning follows the changes: a few more messages, and what is kept falls below the bound.
    let next = total;
    await waitFor(
      async () => {
        await writer.set([...room, next], `message ${next}`);
        next++;
        await receive(() => times.size >= next);
        return watcher.watchStats().prefixEmitted < PRUNE_EMITTED_AT;
      },
      "the versionstamps kept to be pruned",
      { timeoutMs: 10_000 },
    );
    expect(times.size).toBe(next);
    expect([...times.values()].every((count) => count === 1)).toBe(true);
    await probe.cancel();
  }, 60_000);

  it("close() ends prefix watches", async () => {
    const kv = await env.open();
    const before = await pubsubNumpat(env.redis());
    const w = await watchPrefix(kv, ["c"]);
    await kv.close();
    expect(await w.ended(3000)).toBe("done");
    await waitFor(async () => (await pubsubNumpat(env.redis())) === before, "Redis NUMPAT back to before");
  });
});
