// getLinkStats: time windows, breakdown shape, and the bounds it keeps on stored data.
import { describe, expect, it } from "vitest";
import type { Kv, KvKey } from "@/lib/kv";
import { uniquePrefix, useKvTestEnv, itOnOneServer } from "@/lib/kv/test-support";
import { recordBotHit, recordClick, type Click } from "./click";
import { createLink } from "./create";
import { minutesPrefix, recentPrefix } from "./keys";
import { getLinkStats, OTHER_NAME } from "./stats";
import { seriesPoints } from "./time-series";
import type { Link } from "./types";

const env = useKvTestEnv();
const ctx = { owner: "owner-1", appOrigin: "http://localhost:3000" };
const MIN = 60_000;
const DAY = 86_400_000;
// 2030-01-10 12:30:15 UTC: mid-minute, mid-day.
const NOW = Date.UTC(2030, 0, 10, 12, 30, 15);

const click = (at: number, overrides: Partial<Click> = {}): Click => ({
  at,
  referrer: "direct",
  country: "unknown",
  browser: "Chrome",
  os: "Linux",
  device: "desktop",
  ...overrides,
});

async function keysUnder(kv: Kv, prefix: KvKey) {
  const keys = [];
  for await (const entry of kv.list({ prefix })) keys.push(entry.key);
  return keys;
}

async function newLink(kv: Kv): Promise<Link> {
  return createLink(kv, { url: "https://target.example/" }, { ...ctx, now: NOW - 40 * DAY });
}

describe("getLinkStats", () => {
  it("is null for an unknown code", async () => {
    const kv = await env.open();
    expect(await getLinkStats(kv, "missing")).toBeNull();
    expect(await getLinkStats(kv, "no/such")).toBeNull();
  });

  it("a new link: zeros everywhere, 60 minutes and 30 days zero-filled, no owner exposed", async () => {
    const kv = await env.open();
    const link = await newLink(kv);
    const stats = await getLinkStats(kv, link.code, NOW);
    expect(stats).toMatchObject({
      link: { code: link.code, url: link.url, createdAt: link.createdAt, expiresAt: null, expired: false },
      clicks: 0,
      botHits: 0,
      referrers: [],
      countries: [],
      browsers: [],
      os: [],
      devices: [],
      recent: [],
      versionstamp: link.versionstamp,
    });
    if (!stats) throw new Error("no stats");
    expect(stats.link).not.toHaveProperty("owner");
    const minutes = seriesPoints(stats.minutes);
    expect(minutes).toHaveLength(60);
    expect(minutes[0]).toEqual({ t: Date.UTC(2030, 0, 10, 11, 31), n: 0 });
    expect(minutes[59]).toEqual({ t: Date.UTC(2030, 0, 10, 12, 30), n: 0 });
    const days = seriesPoints(stats.days);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ t: Date.UTC(2029, 11, 12), n: 0 });
    expect(days[29]).toEqual({ t: Date.UTC(2030, 0, 10), n: 0 });
  });

  it("puts clicks in their minute and UTC-day buckets; older ones fall out of the windows", async () => {
    const kv = await env.open();
    const link = await newLink(kv);
    const at = [NOW, NOW - 15_000, NOW - 5 * MIN, NOW - 59 * MIN, NOW - 60 * MIN, NOW - 29 * DAY, NOW - 30 * DAY];
    for (const t of at) await recordClick(kv, link, click(t));
    const stats = await getLinkStats(kv, link.code, NOW);
    if (!stats) throw new Error("no stats");
    expect(stats.clicks).toBe(7);
    const minutes = Object.fromEntries(seriesPoints(stats.minutes).filter((p) => p.n > 0).map((p) => [new Date(p.t).toISOString(), p.n]));
    // NOW - 15 s is 12:30:00, the same minute as NOW; NOW - 60 min is outside the hour shown.
    expect(minutes).toEqual({
      "2030-01-10T12:30:00.000Z": 2,
      "2030-01-10T12:25:00.000Z": 1,
      "2030-01-10T11:31:00.000Z": 1,
    });
    const days = Object.fromEntries(seriesPoints(stats.days).filter((p) => p.n > 0).map((p) => [new Date(p.t).toISOString().slice(0, 10), p.n]));
    expect(days).toEqual({ "2030-01-10": 5, "2029-12-12": 1 });
  });

  it("deletes minute buckets older than the window (sums can't expire by themselves)", async () => {
    const kv = await env.open();
    const link = await newLink(kv);
    for (const t of [NOW - 3 * 60 * MIN, NOW - 2 * 60 * MIN, NOW - 61 * MIN, NOW - 10 * MIN, NOW]) {
      await recordClick(kv, link, click(t));
    }
    expect(await keysUnder(kv, minutesPrefix(link.code))).toHaveLength(5);
    await getLinkStats(kv, link.code, NOW);
    const left = await keysUnder(kv, minutesPrefix(link.code));
    expect(left.map((key) => key[2])).toEqual([Math.floor((NOW - 10 * MIN) / MIN), Math.floor(NOW / MIN)]);
  });

  it("sorts breakdowns by count and folds names past the top 20 into (other)", async () => {
    const kv = await env.open();
    const link = await newLink(kv);
    const clicks: Promise<boolean>[] = [];
    for (let i = 0; i < 25; i++) {
      // site0 gets 25 clicks, site1 24, … site24 1.
      for (let j = 0; j <= 24 - i; j++) clicks.push(recordClick(kv, link, click(NOW, { referrer: `site${i}.example` })));
    }
    await Promise.all(clicks);
    const stats = await getLinkStats(kv, link.code, NOW);
    const referrers = stats?.referrers ?? [];
    expect(referrers).toHaveLength(21);
    expect(referrers[0]).toEqual({ name: "site0.example", n: 25 });
    expect(referrers[19]).toEqual({ name: "site19.example", n: 6 });
    expect(referrers[20]).toEqual({ name: OTHER_NAME, n: 5 + 4 + 3 + 2 + 1 });
    expect(referrers.reduce((total, r) => total + r.n, 0)).toBe(stats?.clicks);
  });

  it("shows the 20 newest clicks, newest first, without the visitor's hash", async () => {
    const kv = await env.open();
    const link = await newLink(kv);
    for (let i = 0; i < 30; i++) await recordClick(kv, link, click(NOW - 100_000 + i * 1000, { country: `C${i}`, visitor: "v" }));
    const stats = await getLinkStats(kv, link.code, NOW);
    expect(stats?.recent).toHaveLength(20);
    expect(stats?.recent[0]).toMatchObject({ at: new Date(NOW - 71_000).toISOString(), country: "C29" });
    expect(stats?.recent[19].country).toBe("C10");
    expect(stats?.recent[0]).not.toHaveProperty("visitor");
    // Reading stats deletes nothing from the click log: the analytics of 30 days are made of it.
    expect(await keysUnder(kv, recentPrefix(link.code))).toHaveLength(30);
  });

  itOnOneServer("logged clicks expire after 31 days (a Redis TTL)", async () => {
    const prefix = uniquePrefix("ttl");
    const kv = await env.open(prefix);
    const link = await newLink(kv);
    await recordClick(kv, link, click(NOW));
    const ttls = await Promise.all(
      (await env.redis().keys(`${prefix}:*`)).map(async (key) => env.redis().pttl(key)),
    );
    const withTtl = ttls.filter((ttl) => ttl > 0);
    expect(withTtl).toHaveLength(1);
    expect(withTtl[0]).toBeGreaterThan(31 * DAY - 60_000);
    expect(withTtl[0]).toBeLessThanOrEqual(31 * DAY);
  });

  it("the versionstamp moves with every click and bot hit", async () => {
    const kv = await env.open();
    const link = await newLink(kv);
    const v0 = (await getLinkStats(kv, link.code, NOW))?.versionstamp ?? "";
    await recordClick(kv, link, click(NOW));
    const v1 = (await getLinkStats(kv, link.code, NOW))?.versionstamp ?? "";
    await recordBotHit(kv, link);
    const stats = await getLinkStats(kv, link.code, NOW);
    expect(v1 > v0).toBe(true);
    expect((stats?.versionstamp ?? "") > v1).toBe(true);
    expect(stats?.botHits).toBe(1);
  });
});
