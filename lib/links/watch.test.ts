// Live feeds: shared per code, one stats read per change, latest-wins, released on leave.
import { describe, expect, it } from "vitest";
import type { Kv } from "@/lib/kv";
import { useKvTestEnv, waitFor, withTimeout } from "@/lib/kv/test-support";
import { recordBotHit, recordClick } from "./click";
import { createLink } from "./create";
import type { Link } from "./types";
import { watchClickCounts } from "./watch-counts";
import { linkFeedMetrics, watchLinkStats, type LinkStatsUpdate } from "./watch-stats";

const env = useKvTestEnv();
const ctx = { owner: "owner-1", appOrigin: "http://localhost:3000" };

const click = (kv: Kv, link: Link) =>
  recordClick(kv, link, { at: Date.now(), referrer: "direct", country: "DE", browser: "Firefox", os: "Linux", device: "desktop" });

async function next<T>(iterator: AsyncIterator<T>, what = "the next update"): Promise<T> {
  const result = await withTimeout(iterator.next(), 5000, what);
  if (result.done) throw new Error(`ended while waiting for ${what}`);
  return result.value;
}

/** Reads until an update satisfies `predicate`. */
async function until(iterator: AsyncIterator<LinkStatsUpdate>, predicate: (u: LinkStatsUpdate) => boolean) {
  for (;;) {
    const update = await next(iterator);
    if (predicate(update)) return update;
  }
}

describe("watchLinkStats", () => {
  it("yields the current stats first, then fresh stats after each click, with the versionstamp as id", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    const feed = watchLinkStats(kv, link.code);
    const first = await next(feed);
    expect(first.stats.clicks).toBe(0);
    expect(first.id).toBe(first.stats.versionstamp);
    await click(kv, link);
    const second = await next(feed);
    expect(second.stats.clicks).toBe(1);
    expect(second.stats.recent[0]).toMatchObject({ country: "DE", browser: "Firefox" });
    expect(second.id > first.id).toBe(true);
    await recordBotHit(kv, link);
    expect((await next(feed)).stats.botHits).toBe(1);
    await feed.return?.();
  });

  it("50 subscribers share one watch and ONE stats read per change", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    const before = linkFeedMetrics();
    const feeds = Array.from({ length: 50 }, () => watchLinkStats(kv, link.code));
    const firsts = await Promise.all(feeds.map((feed) => next(feed)));
    expect(firsts.every((u) => u.stats.clicks === 0)).toBe(true);
    expect(kv.watchStats().watchers).toBe(1);
    expect(linkFeedMetrics().feedsOpened - before.feedsOpened).toBe(1);
    expect(linkFeedMetrics().statsReads - before.statsReads).toBe(1);

    for (let i = 1; i <= 3; i++) {
      await click(kv, link);
      const updates = await Promise.all(feeds.map((feed) => next(feed)));
      expect(updates.every((u) => u.stats.clicks === i)).toBe(true);
      // Every subscriber got the very same object: computed once.
      expect(new Set(updates.map((u) => u.stats)).size).toBe(1);
      expect(linkFeedMetrics().statsReads - before.statsReads).toBe(1 + i);
    }

    // A subscriber that joins later starts from the current stats without a new read.
    const late = watchLinkStats(kv, link.code);
    expect((await next(late)).stats.clicks).toBe(3);
    expect(linkFeedMetrics().statsReads - before.statsReads).toBe(4);

    await Promise.all([...feeds, late].map((feed) => feed.return?.()));
    await waitFor(() => kv.watchStats().watchers === 0, "the shared watch to be released");
    expect(linkFeedMetrics().openFeeds).toBe(before.openFeeds);
  });

  it("a burst of clicks costs at most one stats read per click, and ends on the right total", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    const feed = watchLinkStats(kv, link.code);
    await next(feed);
    const before = linkFeedMetrics().statsReads;
    await Promise.all(Array.from({ length: 50 }, () => click(kv, link)));
    await until(feed, (u) => u.stats.clicks === 50);
    expect(linkFeedMetrics().statsReads - before).toBeLessThanOrEqual(50);
    expect(linkFeedMetrics().statsReads - before).toBeGreaterThanOrEqual(1);
    await feed.return?.();
  });

  it("a slow subscriber holds only the latest stats (latest wins)", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    const fast = watchLinkStats(kv, link.code);
    const slow = watchLinkStats(kv, link.code);
    await next(fast);
    for (let i = 1; i <= 5; i++) {
      await click(kv, link);
      await until(fast, (u) => u.stats.clicks === i);
    }
    // Six values were published; the slow one never read: it gets the newest, then waits.
    expect((await next(slow)).stats.clicks).toBe(5);
    const pending = slow.next();
    const race = await Promise.race([pending.then(() => "value"), new Promise((r) => setTimeout(() => r("waiting"), 200))]);
    expect(race).toBe("waiting");
    await slow.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    await fast.return?.();
  });

  it("an aborted signal ends the subscriber at once and releases the watch when it was the last", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    const controller = new AbortController();
    const feed = watchLinkStats(kv, link.code, controller.signal);
    await next(feed);
    const waiting = feed.next();
    controller.abort();
    expect(await withTimeout(waiting, 1000, "the pending read to end")).toEqual({ done: true, value: undefined });
    await waitFor(() => kv.watchStats().watchers === 0, "the watch to be released");
    // A new subscriber after that starts a new feed.
    const again = watchLinkStats(kv, link.code);
    expect((await next(again)).stats.clicks).toBe(0);
    await again.return?.();
  });

  it("feeds of different Kvs (keyspaces) never mix", async () => {
    const kvA = await env.open();
    const kvB = await env.open();
    const a = await createLink(kvA, { url: "https://a.example/", code: "same" }, ctx);
    const b = await createLink(kvB, { url: "https://b.example/", code: "same" }, ctx);
    const feedA = watchLinkStats(kvA, "same");
    const feedB = watchLinkStats(kvB, "same");
    expect((await next(feedA)).stats.link.url).toBe("https://a.example/");
    expect((await next(feedB)).stats.link.url).toBe("https://b.example/");
    await click(kvB, b);
    expect((await next(feedB)).stats.clicks).toBe(1);
    void a;
    await Promise.all([feedA.return?.(), feedB.return?.()]);
  });
});

describe("watchClickCounts", () => {
  it("watches up to 50 codes in groups of 10 and emits the whole map on any change", async () => {
    const kv = await env.open();
    const links = await Promise.all(
      Array.from({ length: 25 }, (_, i) => createLink(kv, { url: `https://s${i}.example/` }, ctx)),
    );
    const codes = links.map((link) => link.code);
    const counts = watchClickCounts(kv, codes);
    const first = await next(counts);
    expect(Object.keys(first.counts).sort()).toEqual([...codes].sort());
    expect(Object.values(first.counts).every((n) => n === 0)).toBe(true);
    expect(first.id).toBe("0");
    expect(kv.watchStats().watchers).toBe(3);

    await click(kv, links[23]);
    await click(kv, links[23]);
    let update = await next(counts);
    while (update.counts[codes[23]] !== 2) update = await next(counts);
    expect(update.counts[codes[0]]).toBe(0);
    expect(update.id).toMatch(/^[0-9a-f]{20}$/);

    await counts.return?.();
    await waitFor(() => kv.watchStats().watchers === 0, "the watches to be released");
  });

  it("refuses more than 50 codes, and handles none", async () => {
    const kv = await env.open();
    expect(() => watchClickCounts(kv, Array.from({ length: 51 }, (_, i) => `code${i}`))).toThrow(RangeError);
    const none = watchClickCounts(kv, []);
    expect(await next(none)).toEqual({ id: "0", counts: {} });
    await none.return?.();
  });

  it("a code named __proto__ is just a key", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://p.example/", code: "__proto__" }, ctx);
    const counts = watchClickCounts(kv, ["__proto__"]);
    await next(counts);
    await click(kv, link);
    const update = await next(counts);
    expect(Object.getOwnPropertyNames(update.counts)).toEqual(["__proto__"]);
    expect(JSON.parse(JSON.stringify(update.counts))).toEqual(JSON.parse('{"__proto__":1}'));
    await counts.return?.();
  });
});
