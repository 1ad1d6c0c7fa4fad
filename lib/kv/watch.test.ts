// watch(keys): first emission = current state; then one per change; `changed` indices;
// raw; expiry; fan-out to 1,000 watchers; cancel releases subscriptions; slow readers get
// the latest state, not a backlog; close() ends watches.
import { describe, expect, it } from "vitest";
import type { KvKey, KvWatchSnapshot } from "./types";
import {
  useKvTestEnv,
  uniquePrefix,
  StreamProbe,
  values,
  waitFor,
  pubsubChannels,
  pubsubNumsub,
  expectFailure,
  VERSIONSTAMP,
  type Kv,
  itAcrossPartitions,
} from "./test-support";

const env = useKvTestEnv();

type Snap = KvWatchSnapshot<unknown[]>;

function watch(kv: Kv, keys: KvKey[], raw = false): StreamProbe<Snap> {
  return new StreamProbe(kv.watch(keys, { raw }) as unknown as ReadableStream<Snap>);
}

/** Keyspace channels this file's Redis has subscribers for. */
const keyspaceChannels = () => pubsubChannels(env.redis(), "__keyspace@*");

/** Opens a watcher Kv and a separate writer Kv on one keyspace (two hubs, as two processes would). */
async function pair(): Promise<{ watcher: Kv; writer: Kv }> {
  const prefix = uniquePrefix("w");
  return { watcher: await env.open(prefix), writer: await env.open(prefix) };
}

describe("watch emissions", () => {
  it("first emission is the current state, with null entries for absent keys, all indices changed", async () => {
    const { watcher, writer } = await pair();
    const r = await writer.set(["a"], "A");
    const w = watch(watcher, [["a"], ["b"]]);
    const first = await w.next();
    expect(first).toHaveLength(2);
    expect(first[0]).toEqual({ key: ["a"], value: "A", versionstamp: r.versionstamp });
    expect(first[1]).toEqual({ key: ["b"], value: null, versionstamp: null });
    expect([...first.changed].sort()).toEqual([0, 1]);
    await w.cancel();
  });

  it("first emission comes even when every key is absent", async () => {
    const kv = await env.open();
    const w = watch(kv, [["x"], ["y"], ["z"]]);
    const first = await w.next(3000, "the initial emission");
    expect(values(first)).toEqual([null, null, null]);
    expect(first.map((e) => e.versionstamp)).toEqual([null, null, null]);
    expect([...first.changed].sort()).toEqual([0, 1, 2]);
    await w.cancel();
  });

  it("entries come in the order the keys were given, whatever the key order", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["z"], 26);
    await writer.set(["a"], 1);
    const w = watch(watcher, [["z"], ["a"], ["m"]]);
    const first = await w.next();
    expect(first.map((e) => e.key)).toEqual([["z"], ["a"], ["m"]]);
    expect(values(first)).toEqual([26, 1, null]);
    await w.cancel();
  });

  it("emits on set, overwrite and delete by another Kv instance, with `changed` naming the key", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["a"], 1);
    const w = watch(watcher, [["a"], ["b"]]);
    await w.next();

    const rb = await writer.set(["b"], "bee");
    const s1 = await w.next(5000, "emission after set b");
    expect(values(s1)).toEqual([1, "bee"]);
    expect(s1[1].versionstamp).toBe(rb.versionstamp);
    expect([...s1.changed]).toEqual([1]);

    const ra = await writer.set(["a"], 2);
    const s2 = await w.next(5000, "emission after set a");
    expect(values(s2)).toEqual([2, "bee"]);
    expect(s2[0].versionstamp).toBe(ra.versionstamp);
    expect([...s2.changed]).toEqual([0]);

    await writer.delete(["b"]);
    const s3 = await w.next(5000, "emission after delete b");
    expect(s3[1]).toEqual({ key: ["b"], value: null, versionstamp: null });
    expect(s3[0].value).toBe(2);
    expect([...s3.changed]).toEqual([1]);
    await w.cancel();
  });

  itAcrossPartitions("an atomic commit changing two watched keys ends in a state with both, one versionstamp", async () => {
    const { watcher, writer } = await pair();
    const w = watch(watcher, [["a"], ["b"], ["c"]]);
    await w.next();
    const r = await writer.atomic().set(["a"], 1).set(["c"], 3).commit();
    expect(r.ok).toBe(true);
    const seen: number[] = [];
    const last = await w.until((s) => {
      seen.push(...s.changed);
      return s[0].value === 1 && s[2].value === 3;
    });
    expect(last[0].versionstamp).toBe(r.ok ? r.versionstamp : "");
    expect(last[2].versionstamp).toBe(last[0].versionstamp);
    expect(last[1].value).toBe(null);
    expect([...new Set(seen)].sort()).toEqual([0, 2]);
    await w.cancel();
  });

  it("writes to unwatched keys (same keyspace, another keyspace, same key in another prefix) do not emit", async () => {
    const { watcher, writer } = await pair();
    const stranger = await env.open();
    const w = watch(watcher, [["watched"]]);
    await w.next();
    await writer.set(["other"], 1);
    await writer.set(["watched", "child"], 1);
    await stranger.set(["watched"], "not mine");
    await w.expectNothing(300, "no emission for unwatched writes");
    await writer.set(["watched"], "mine");
    expect(values(await w.next())).toEqual(["mine"]);
    await w.cancel();
  });

  it("keys with bytes, bigints and glob-like characters are watched exactly", async () => {
    const { watcher, writer } = await pair();
    const key: KvKey = ["k*?[x]", new Uint8Array([0, 42, 255]), -(2n ** 70n), 1.5, true];
    const lookAlike: KvKey = ["k*?[x]", new Uint8Array([0, 42, 255]), -(2n ** 70n), 1.5, false];
    const w = watch(watcher, [key]);
    await w.next();
    await writer.set(lookAlike, "no");
    await writer.set(key, "yes");
    const s = await w.next();
    expect(values(s)).toEqual(["yes"]);
    expect(s[0].key).toEqual(key);
    await w.cancel();
  });

  itAcrossPartitions("values of every kind arrive intact (object, Uint8Array, KvU64)", async () => {
    const { watcher, writer } = await pair();
    const w = watch(watcher, [["obj"], ["bytes"], ["n"]]);
    await w.next();
    await writer.atomic().set(["obj"], { when: new Date(5), tags: new Set(["x"]) }).set(["bytes"], new Uint8Array([1, 2])).sum(["n"], 7n).commit();
    const s = await w.until((x) => x.every((e) => e.versionstamp !== null));
    expect(s[0].value).toEqual({ when: new Date(5), tags: new Set(["x"]) });
    expect([...(s[1].value as Uint8Array)]).toEqual([1, 2]);
    expect((s[2].value as { value: bigint }).value).toBe(7n);
    for (const e of s) expect(e.versionstamp).toMatch(VERSIONSTAMP);
    await w.cancel();
  });

  it("the same key watched twice in one watch appears at both positions", async () => {
    const { watcher, writer } = await pair();
    const w = watch(watcher, [["d"], ["d"]]);
    expect(values(await w.next())).toEqual([null, null]);
    await writer.set(["d"], 4);
    expect(values(await w.until((s) => s[0].value === 4))).toEqual([4, 4]);
    await w.cancel();
  });
});

describe("raw", () => {
  async function watchedChannel(kv: Kv, key: KvKey, raw: boolean) {
    const before = await keyspaceChannels();
    const w = watch(kv, [key], raw);
    await w.next();
    const channels = await waitFor(async () => {
      const now = (await keyspaceChannels()).filter((c) => !before.includes(c));
      return now.length === 1 ? now : null;
    }, "the watch's keyspace channel");
    return { w, channel: channels[0] };
  }

  it("without raw, a notification that changes no versionstamp emits nothing; with raw it emits", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["r"], "v");
    const plain = await watchedChannel(watcher, ["r"], false);
    // A keyspace notification with no change behind it (as a TTL update or touch would cause).
    await env.redis().publish(plain.channel, "set");
    await plain.w.expectNothing(300, "no emission without a versionstamp change");
    await writer.set(["r"], "v2");
    expect(values(await plain.w.next())).toEqual(["v2"]);
    await plain.w.cancel();
    await waitFor(async () => !(await keyspaceChannels()).includes(plain.channel), "the channel to be released");

    const raw = await watchedChannel(watcher, ["r"], true);
    await env.redis().publish(raw.channel, "set");
    const s = await raw.w.next(3000, "a raw emission");
    expect(values(s)).toEqual(["v2"]);
    await writer.set(["r"], "v3");
    expect(values(await raw.w.until((x) => x[0].value === "v3"))).toEqual(["v3"]);
    await raw.w.cancel();
  });

  // Deno notifies a watcher of every key a commit touches; Redis sends no keyspace event for
  // deleting a key that is not there, so the commit has to say so itself.
  itAcrossPartitions("deleting an absent watched key emits with raw (as Deno does), and not without raw", async () => {
    const { watcher, writer } = await pair();
    const raw = watch(watcher, [["gone"], ["other"]], true);
    const plain = watch(watcher, [["gone"]]);
    expect(values(await raw.next())).toEqual([null, null]);
    expect(values(await plain.next())).toEqual([null]);
    await writer.delete(["gone"]);
    const s = await raw.next(3000, "a raw emission for the delete of an absent key");
    expect(values(s)).toEqual([null, null]);
    expect(s.changed).toEqual([0]);
    await writer.atomic().set(["other"], 1).delete(["gone"]).commit();
    expect((await raw.until((x) => x[1].value === 1)).changed).toEqual([0, 1]);
    await plain.expectNothing(300, "no emission without raw: nothing changed");
    await raw.cancel();
    await plain.cancel();
  });
});

describe("expiry", () => {
  it("a watcher sees an entry expire (value null)", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["temp"], "here", { expireIn: 250 });
    const w = watch(watcher, [["temp"]]);
    const first = await w.next();
    expect(values(first)).toEqual(["here"]);
    const gone = await w.next(5000, "the expiry to be seen");
    expect(gone[0]).toEqual({ key: ["temp"], value: null, versionstamp: null });
    expect([...gone.changed]).toEqual([0]);
    await w.cancel();
  });
});

describe("many watchers", () => {
  it("1,000 watchers on one key all see an update; one subscription; reads do not scale with watchers", async () => {
    const { watcher, writer } = await pair();
    await writer.set(["hot"], 0);
    const before = await keyspaceChannels();
    const probes = Array.from({ length: 1000 }, () => watch(watcher, [["hot"]]));
    const firsts = await Promise.all(probes.map((p) => p.next(10_000)));
    expect(firsts.every((s) => s[0].value === 0)).toBe(true);
    expect(watcher.watchStats().watchers).toBe(1000);
    expect(watcher.watchStats().channels).toBe(1);
    const added = await waitFor(async () => {
      const now = (await keyspaceChannels()).filter((c) => !before.includes(c));
      return now.length > 0 ? now : null;
    }, "the key's channel");
    expect(added).toHaveLength(1);
    // This Kv subscribes once per key, however many watchers it has.
    expect([...(await pubsubNumsub(env.redis(), added)).values()]).toEqual([1]);

    const readsBefore = watcher.watchStats().reads;
    await writer.set(["hot"], 1);
    const updates = await Promise.all(probes.map((p) => p.until((s) => s[0].value === 1, 10_000)));
    expect(updates).toHaveLength(1000);
    expect(watcher.watchStats().reads - readsBefore).toBeLessThanOrEqual(3);
    await Promise.all(probes.map((p) => p.cancel()));
    await waitFor(() => watcher.watchStats().channels === 0 && watcher.watchStats().watchers === 0, "all released");
  });
});

describe("cancel releases subscriptions", () => {
  it("cancelling the only watch unsubscribes (watchStats and PUBSUB both)", async () => {
    const kv = await env.open();
    const before = await keyspaceChannels();
    const w = watch(kv, [["c1"], ["c2"], ["c3"]]);
    await w.next();
    expect(kv.watchStats().channels).toBe(3);
    expect(kv.watchStats().watchers).toBe(1);
    const during = await waitFor(async () => {
      const added = (await keyspaceChannels()).filter((c) => !before.includes(c));
      return added.length === 3 ? added : null;
    }, "3 keyspace channels subscribed");
    const numsub = await pubsubNumsub(env.redis(), during);
    expect([...numsub.values()]).toEqual([1, 1, 1]);

    await w.cancel();
    await waitFor(() => kv.watchStats().channels === 0, "watchStats().channels to drop to 0");
    expect(kv.watchStats().watchers).toBe(0);
    await waitFor(async () => (await keyspaceChannels()).join() === before.join(), "Redis to show no channel of ours");
    const after = await pubsubNumsub(env.redis(), during);
    expect([...after.values()]).toEqual([0, 0, 0]);
  });

  it("two watchers on one key share the subscription; cancelling one keeps the other working", async () => {
    const { watcher, writer } = await pair();
    const before = await keyspaceChannels();
    const a = watch(watcher, [["shared"]]);
    const b = watch(watcher, [["shared"]]);
    await a.next();
    await b.next();
    expect(watcher.watchStats().channels).toBe(1);
    await a.cancel();
    await writer.set(["shared"], "still");
    expect(values(await b.next())).toEqual(["still"]);
    expect(watcher.watchStats().channels).toBe(1);
    expect((await keyspaceChannels()).length).toBe(before.length + 1);
    await b.cancel();
    await waitFor(() => watcher.watchStats().channels === 0, "channels 0");
    await waitFor(async () => (await keyspaceChannels()).join() === before.join(), "Redis to show no channel of ours");
  });

  it("cancelling a watch that was never read releases it too", async () => {
    const kv = await env.open();
    const before = await keyspaceChannels();
    const stream = kv.watch([["never-read"]]);
    await stream.cancel();
    await waitFor(() => kv.watchStats().channels === 0 && kv.watchStats().watchers === 0, "watch released");
    // Give a subscribe that was in flight time to land, then check Redis.
    await waitFor(async () => (await keyspaceChannels()).join() === before.join(), "Redis to show no channel of ours");
    await new Promise((r) => setTimeout(r, 500));
    expect((await keyspaceChannels()).join()).toBe(before.join());
  });

  it("cancelling a never-read watch releases it on a Kv whose subscriber is already connected", async () => {
    const kv = await env.open();
    const keep = watch(kv, [["keep"]]);
    await keep.next();
    const before = await keyspaceChannels();
    const stream = kv.watch([["never-read-2"]]);
    await stream.cancel();
    await waitFor(() => kv.watchStats().channels === 1 && kv.watchStats().watchers === 1, "only `keep` left");
    await new Promise((r) => setTimeout(r, 500));
    expect((await keyspaceChannels()).join()).toBe(before.join());
    await keep.cancel();
  });

  it("many watch / cancel cycles leave nothing behind", async () => {
    const kv = await env.open();
    const before = await keyspaceChannels();
    for (let i = 0; i < 20; i++) {
      const w = watch(kv, [["cycle", i % 3], ["cycle", "x"]]);
      await w.next();
      await w.cancel();
    }
    await waitFor(() => kv.watchStats().channels === 0 && kv.watchStats().watchers === 0, "all released");
    await waitFor(async () => (await keyspaceChannels()).join() === before.join(), "Redis to show no channel of ours");
  });
});

describe("slow reader", () => {
  it("many writes while not reading: the next read is the latest state, with no backlog after it", async () => {
    const { watcher, writer } = await pair();
    const slow = watch(watcher, [["n"]]);
    const fast = watch(watcher, [["n"]]);
    expect(values(await slow.next())).toEqual([null]);
    await fast.next();
    for (let i = 1; i <= 50; i++) await writer.set(["n"], i);
    // The fast reader tells us when the hub has delivered the last write.
    await fast.until((s) => s[0].value === 50);
    const latest = await slow.next(3000, "the slow reader's next emission");
    expect(values(latest)).toEqual([50]);
    expect([...latest.changed]).toEqual([0]);
    await slow.expectNothing(300, "no backlog of older snapshots");
    await slow.cancel();
    await fast.cancel();
  });
});

describe("close()", () => {
  it("ends open watches, releases their subscriptions, and further use fails", async () => {
    const kv = await env.open();
    const before = await keyspaceChannels();
    const a = watch(kv, [["a"]]);
    const b = watch(kv, [["b"], ["c"]]);
    await a.next();
    await b.next();
    await kv.close();
    expect(await a.ended(3000)).toBe("done");
    expect(await b.ended(3000)).toBe("done");
    await waitFor(async () => (await keyspaceChannels()).join() === before.join(), "Redis to show no channel of ours");
    await expectFailure(() => kv.get(["a"]), Error);
  });
});

describe("watchStats", () => {
  it("counts notifications and reports the subscriber connected", async () => {
    const { watcher, writer } = await pair();
    const w = watch(watcher, [["s"]]);
    await w.next();
    expect(watcher.watchStats().connected).toBe(true);
    const n0 = watcher.watchStats().notifications;
    await writer.set(["s"], 1);
    await w.next();
    expect(watcher.watchStats().notifications).toBeGreaterThan(n0);
    await w.cancel();
  });
});
