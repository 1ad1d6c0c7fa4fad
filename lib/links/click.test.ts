// Following links and counting clicks, against a real redis-server.
import { describe, expect, it } from "vitest";
import { commandsSentDuring as commandsSentTo, uniquePrefix, useKvTestEnv, itOnOneServer } from "@/lib/kv/test-support";
import { createLink } from "./create";
import { followLink } from "./follow";
import { linkKey } from "./keys";
import { forgetLink, resolveLink } from "./resolve";
import { getLinkStats } from "./stats";
import type { ClickDetails, DeviceType } from "./types";
import type { Visit } from "./visit";
import { seriesPoints } from "./time-series";

const env = useKvTestEnv();
const ctx = { owner: "owner-1", appOrigin: "http://localhost:3000" };

const REFERRERS = ["direct", "news.example", "social.example"];
const COUNTRIES = ["DE", "US", "JP", "unknown"];
const BROWSERS = ["Chrome", "Firefox", "Safari", "Edge", "Opera"];
const OSES = ["Windows", "macOS", "Linux", "iOS", "Android", "unknown"];
const DEVICES: DeviceType[] = ["desktop", "mobile", "tablet"];

function human(i: number): Visit {
  const details: ClickDetails = {
    referrer: REFERRERS[i % REFERRERS.length],
    country: COUNTRIES[i % COUNTRIES.length],
    browser: BROWSERS[i % BROWSERS.length],
    os: OSES[i % OSES.length],
    device: DEVICES[i % DEVICES.length],
  };
  return { isBot: false, details };
}
const BOT: Visit = { isBot: true, details: human(0).details };

const sum = (items: { n: number }[]) => items.reduce((total, item) => total + item.n, 0);
const commandsSentDuring = (fn: () => Promise<unknown>): Promise<string[]> => commandsSentTo(env.url, fn);

describe("followLink and click counting", () => {
  it("200 concurrent clicks (from two app processes) count exactly 200, and every breakdown adds up to the total", async () => {
    const prefix = uniquePrefix("clicks");
    const kv = await env.open(prefix);
    const otherProcess = await env.open(prefix);
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    const now = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => followLink(i % 2 === 0 ? kv : otherProcess, link.code, human(i), { now })),
    );
    for (const outcome of outcomes) expect(outcome).toEqual({ kind: "redirect", url: "https://target.example/", counted: true });

    const stats = await getLinkStats(kv, link.code, now);
    expect(stats).not.toBeNull();
    if (!stats) return;
    expect(stats.clicks).toBe(200);
    expect(stats.botHits).toBe(0);
    for (const dimension of [stats.referrers, stats.countries, stats.browsers, stats.os, stats.devices]) {
      expect(sum(dimension)).toBe(200);
    }
    expect(stats.referrers.map((r) => r.name).sort()).toEqual([...REFERRERS].sort());
    expect(stats.countries.find((c) => c.name === "DE")?.n).toBe(50);
    expect(stats.devices).toEqual([
      { name: "desktop", n: 67 },
      { name: "mobile", n: 67 },
      { name: "tablet", n: 66 },
    ]);
    const minutes = seriesPoints(stats.minutes);
    expect(sum(minutes)).toBe(200);
    expect(minutes.at(-1)).toEqual({ t: Math.floor(now / 60_000) * 60_000, n: 200 });
    const days = seriesPoints(stats.days);
    expect(sum(days)).toBe(200);
    expect(days.at(-1)?.n).toBe(200);
    expect(stats.recent).toHaveLength(20);
  });

  it("HEAD requests and bots are counted as bot hits, not clicks, and still redirect", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    await followLink(kv, link.code, human(1));
    for (let i = 0; i < 3; i++) {
      expect(await followLink(kv, link.code, BOT)).toEqual({ kind: "redirect", url: "https://target.example/", counted: true });
    }
    const stats = await getLinkStats(kv, link.code);
    expect(stats?.clicks).toBe(1);
    expect(stats?.botHits).toBe(3);
    expect(sum(stats ? seriesPoints(stats.minutes) : [])).toBe(1);
    expect(stats?.recent).toHaveLength(1);
    expect(sum(stats?.browsers ?? [])).toBe(1);
  });

  itOnOneServer("a redirect of a known link is ONE Redis command: the click commit", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    await followLink(kv, link.code, human(0)); // warm: the script is loaded, the link cached
    const commands = await commandsSentDuring(async () => {
      for (let i = 0; i < 10; i++) await followLink(kv, link.code, human(i));
    });
    expect(commands).toEqual(Array(10).fill("evalsha"));
  });

  itOnOneServer("a process that has not seen the link reads it once, then caches it", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    forgetLink(kv, link.code);
    const commands = await commandsSentDuring(async () => {
      await followLink(kv, link.code, human(0));
      await followLink(kv, link.code, human(1));
    });
    expect(commands).toEqual(["get", "evalsha", "evalsha"]);
  });

  it("an unknown code is not_found and touches nothing", async () => {
    const kv = await env.open();
    expect(await followLink(kv, "nope123", human(0))).toEqual({ kind: "not_found" });
    expect(await followLink(kv, "../../etc", human(0))).toEqual({ kind: "not_found" });
    expect(await followLink(kv, "", BOT)).toEqual({ kind: "not_found" });
  });

  it("an expired link is 'expired' and counts nothing", async () => {
    const kv = await env.open();
    const created = Date.UTC(2030, 0, 1);
    const link = await createLink(kv, { url: "https://target.example/", expireIn: 60_000 }, { ...ctx, now: created });
    expect((await followLink(kv, link.code, human(0), { now: created + 59_999 })).kind).toBe("redirect");
    const outcome = await followLink(kv, link.code, human(0), { now: created + 60_000 });
    expect(outcome).toEqual({
      kind: "expired",
      link: { code: link.code, url: link.url, createdAt: link.createdAt, expiresAt: link.expiresAt, expired: true, paused: false },
    });
    expect(await followLink(kv, link.code, BOT, { now: created + 120_000 })).toMatchObject({ kind: "expired" });
    const stats = await getLinkStats(kv, link.code, created + 120_000);
    expect(stats?.clicks).toBe(1);
    expect(stats?.botHits).toBe(0);
    expect(stats?.link.expired).toBe(true);
  });

  it("a link deleted behind the cache's back counts no more clicks (the commit checks its versionstamp)", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://target.example/" }, ctx);
    expect(await resolveLink(kv, link.code)).not.toBeNull(); // cached
    await kv.delete(linkKey(link.code));
    expect(await followLink(kv, link.code, human(0))).toEqual({ kind: "not_found" });
    expect((await kv.get(["link_clicks", link.code])).value).toBeNull();
  });

  it("a link re-created under the same code is followed to its new target", async () => {
    const kv = await env.open();
    await createLink(kv, { url: "https://old.example/", code: "again" }, ctx);
    await kv.delete(linkKey("again"));
    // Re-created as another process would: this process's cache still has the old record.
    await kv.set(linkKey("again"), {
      code: "again",
      url: "https://new.example/",
      createdAt: new Date().toISOString(),
      expiresAt: null,
      owner: "x",
    });
    expect(await followLink(kv, "again", human(0))).toEqual({ kind: "redirect", url: "https://new.example/", counted: true });
    expect((await getLinkStats(kv, "again"))?.clicks).toBe(1);
  });
});
