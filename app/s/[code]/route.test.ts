// GET|HEAD /s/{code} against a real redis-server: redirect, counting, 404 and 410 pages.
import { describe, expect, it } from "vitest";
import { CLICK_RATE, createLink, getLinkStats } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { GET, HEAD } from "./route";

const ORIGIN = "http://app.test";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
useAppRedis();

const params = (code: string) => ({ params: Promise.resolve({ code }) });
const visit = (code: string, init: RequestInit = {}) => new Request(`${ORIGIN}/s/${code}`, init);

async function newLink(options: { expireIn?: number; now?: number } = {}) {
  return createLink(await getKv(), { url: "https://target.example/page?x=1", expireIn: options.expireIn }, {
    owner: "o",
    appOrigin: ORIGIN,
    now: options.now,
  });
}

describe("/s/{code}", () => {
  it("302 to the target, not cacheable, and the click recorded with its details", async () => {
    const link = await newLink();
    const response = await GET(
      visit(link.code, { headers: { "user-agent": FIREFOX, referer: "https://www.blog.example/post", "cf-ipcountry": "nl" } }),
      params(link.code),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://target.example/page?x=1");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const stats = await getLinkStats(await getKv(), link.code);
    expect(stats).toMatchObject({
      clicks: 1,
      botHits: 0,
      referrers: [{ name: "blog.example", n: 1 }],
      countries: [{ name: "NL", n: 1 }],
      browsers: [{ name: "Firefox", n: 1 }],
      os: [{ name: "Linux", n: 1 }],
      devices: [{ name: "desktop", n: 1 }],
    });
  });

  it("HEAD and bots still redirect but count as bot hits, not clicks", async () => {
    const link = await newLink();
    const head = await HEAD(visit(link.code, { method: "HEAD", headers: { "user-agent": FIREFOX } }), params(link.code));
    expect(head.status).toBe(302);
    const bot = await GET(visit(link.code, { headers: { "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } }), params(link.code));
    expect(bot.status).toBe(302);
    expect(bot.headers.get("location")).toBe(link.url);
    const stats = await getLinkStats(await getKv(), link.code);
    expect([stats?.clicks, stats?.botHits]).toEqual([0, 2]);
  });

  it("404 HTML page for an unknown code", async () => {
    for (const code of ["unknown1", "%3Cscript%3E"]) {
      const response = await GET(visit(code, { headers: { "user-agent": FIREFOX } }), params(code));
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toMatch(/not found/i);
      expect(html).toContain('href="/"');
      expect(html).not.toContain("<script>");
    }
    const head = await HEAD(visit("unknown1", { method: "HEAD" }), params("unknown1"));
    expect(head.status).toBe(404);
    expect(await head.text()).toBe("");
  });

  it("410 HTML page once the link has expired, and nothing counted", async () => {
    const link = await newLink({ expireIn: 1000, now: Date.now() - 5000 });
    const response = await GET(visit(link.code, { headers: { "user-agent": FIREFOX } }), params(link.code));
    expect(response.status).toBe(410);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/expired/i);
    expect((await getLinkStats(await getKv(), link.code))?.clicks).toBe(0);
  });

  it("never redirects to a stored target that is not http(s), whatever the record says", async () => {
    const kv = await getKv();
    const stored = [
      "javascript:alert(document.cookie)",
      "JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "//evil.example/path",
      "ftp://files.example/x",
      "not a url",
      42,
    ];
    for (const [i, url] of stored.entries()) {
      const code = `unsafe${i}x`;
      await kv.set(["links", code], { code, url, createdAt: new Date().toISOString(), expiresAt: null, owner: "o" });
      const response = await GET(visit(code, { headers: { "user-agent": FIREFOX } }), params(code));
      expect({ url, status: response.status, location: response.headers.get("location") }).toEqual({ url, status: 403, location: null });
      expect(await response.text()).toMatch(/cannot be followed/);
      expect((await getLinkStats(kv, code))?.clicks ?? 0).toBe(0);
    }
    // A stored http(s) target goes out normalized: no raw CR/LF can reach the Location header.
    await kv.set(["links", "crlfx"], { code: "crlfx", url: "https://ok.example/a\r\nSet-Cookie: x=1", createdAt: new Date().toISOString(), expiresAt: null, owner: "o" });
    const response = await GET(visit("crlfx", { headers: { "user-agent": FIREFOX } }), params("crlfx"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://ok.example/aSet-Cookie:%20x=1");
  });

  it("a stored target that is a short link on the visitor's own host is not followed, and nothing is counted", async () => {
    const kv = await getKv();
    const store = (code: string, url: string) =>
      kv.set(["links", code], { code, url, createdAt: new Date().toISOString(), expiresAt: null, owner: "o" });
    // As the review's repro stored it (created with a forged Host): a link to itself.
    await store("rvloop1", "http://127.0.0.1:3207/s/rvloop1");
    // And one that hides another short link of the same site behind it.
    const hidden = await newLink();
    await store("hideit", `http://sho.rt/%73/${hidden.code}`);
    const cases = [
      { code: "rvloop1", host: "127.0.0.1:3207" },
      { code: "rvloop1", host: "localhost:3207" },
      { code: "hideit", host: "SHO.RT" },
    ];
    for (const { code, host } of cases) {
      const response = await GET(visit(code, { headers: { "user-agent": FIREFOX, host } }), params(code));
      expect({ code, host, status: response.status, location: response.headers.get("location") }).toEqual({ code, host, status: 403, location: null });
      expect(await response.text()).toMatch(/cannot be followed.*short link of this site/s);
    }
    const stats = await Promise.all(["rvloop1", "hideit", hidden.code].map((code) => getLinkStats(kv, code)));
    expect(stats.map((s) => [s?.clicks ?? 0, s?.botHits ?? 0])).toEqual([[0, 0], [0, 0], [0, 0]]);

    // Through another host the target is another site's short link: followed and counted.
    const elsewhere = await GET(visit("hideit", { headers: { "user-agent": FIREFOX, host: "app.test" } }), params("hideit"));
    expect([elsewhere.status, elsewhere.headers.get("location")]).toEqual([302, `http://sho.rt/%73/${hidden.code}`]);
    expect((await getLinkStats(kv, "hideit"))?.clicks).toBe(1);
  });

  it("behind a trusted proxy, clicks past one address's rate on a link still redirect but count as bot hits", async () => {
    const saved = process.env.TRUST_PROXY;
    process.env.TRUST_PROXY = "1";
    try {
      const link = await newLink();
      const from = (address: string) => visit(link.code, { headers: { "user-agent": FIREFOX, "x-forwarded-for": address } });
      // Start clear of a window boundary, so all the clicks fall in one rate window.
      const intoWindow = Date.now() % CLICK_RATE.windowMs;
      if (intoWindow > CLICK_RATE.windowMs - 3_000) await new Promise((r) => setTimeout(r, CLICK_RATE.windowMs - intoWindow + 50));
      for (let i = 0; i <= CLICK_RATE.limit; i++) expect((await GET(from("203.0.113.5"), params(link.code))).status).toBe(302);
      expect((await GET(from("203.0.113.6"), params(link.code))).status).toBe(302);
      const stats = await getLinkStats(await getKv(), link.code);
      // The first address's last click went past its rate; the second address is unaffected.
      expect({ clicks: stats?.clicks, botHits: stats?.botHits }).toEqual({ clicks: CLICK_RATE.limit + 1, botHits: 1 });
      // Without a trusted proxy the address is unknown: every click counts.
      delete process.env.TRUST_PROXY;
      const open = await newLink();
      for (let i = 0; i <= CLICK_RATE.limit; i++) await GET(visit(open.code, { headers: { "user-agent": FIREFOX, "x-forwarded-for": "203.0.113.5" } }), params(open.code));
      expect((await getLinkStats(await getKv(), open.code))?.clicks).toBe(CLICK_RATE.limit + 1);
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });
});
