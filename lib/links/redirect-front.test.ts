// The redirect front against a real redis-server: what a visitor to /s/{code} gets from the
// app's own server before Next — every behaviour of the route handler (app/s/[code]/route.ts),
// answered here — and what it leaves to Next (a stand-in that answers 418).
import { request, type IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { commandsSentDuring, withTimeout, itOnOneServer } from "@/lib/kv/test-support";
import { getKv } from "@/lib/server/kv";
import { NEXT_ANSWER, useAppRedis, useFrontServer } from "@/lib/server/test-support";
import { COMMON_HEADERS, STATUS_PAGE_CSP } from "@/lib/security/headers";
import { CLICK_RATE } from "./click-rate";
import { createLink } from "./create";
import { frontRedirects, serveRedirect } from "./redirect-front";
import { getLinkStats } from "./stats";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
// Append-only, every write synced: the last test kills Redis and needs its links after the restart.
const env = useAppRedis({ appendOnly: true, appendFsync: "always" });
const front = useFrontServer((req, res) => serveRedirect(req, res, getKv));

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request as a client sends it (any Host header), the answer read whole. */
function visit(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(`${front.origin}${path}`, { method, headers, agent: false }, (response) => {
      const answer = { status: response.statusCode ?? 0, headers: response.headers, body: "" };
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (answer.body += chunk));
      response.on("end", () => resolve(answer));
    });
    sent.on("error", reject);
    sent.end();
  });
}

async function newLink(options: { url?: string; expireIn?: number; now?: number } = {}) {
  return createLink(await getKv(), { url: options.url ?? "https://target.example/page?x=1", expireIn: options.expireIn }, {
    owner: "o",
    appOrigin: "http://app.test",
    now: options.now,
  });
}

async function counts(code: string): Promise<[number, number]> {
  const stats = await getLinkStats(await getKv(), code);
  return [stats?.clicks ?? 0, stats?.botHits ?? 0];
}

function expectSecurityHeaders(answer: Answer): void {
  for (const { key, value } of COMMON_HEADERS) expect(answer.headers[key.toLowerCase()], key).toBe(value);
  expect(answer.headers["content-security-policy"]).toBe(STATUS_PAGE_CSP);
  expect(answer.headers["cache-control"]).toBe("no-store");
  // A click never names a visitor: no cookie is set.
  expect(answer.headers["set-cookie"]).toBeUndefined();
}

describe("serveRedirect", () => {
  it("answers a click with a 302 to the target, the security headers, no cookie, and the click recorded with its breakdowns", async () => {
    const link = await newLink();
    const before = frontRedirects();
    // The query string is the visitor's, not the link's: the target goes out as stored.
    const answer = await visit(`/s/${link.code}?utm=x`, { "user-agent": FIREFOX, referer: "https://www.blog.example/post", "cf-ipcountry": "nl" });
    expect([answer.status, answer.headers.location, answer.body]).toEqual([302, "https://target.example/page?x=1", ""]);
    expectSecurityHeaders(answer);
    expect(frontRedirects()).toBe(before + 1);
    expect(await getLinkStats(await getKv(), link.code)).toMatchObject({
      clicks: 1,
      botHits: 0,
      referrers: [{ name: "blog.example", n: 1 }],
      countries: [{ name: "NL", n: 1 }],
      browsers: [{ name: "Firefox", n: 1 }],
      os: [{ name: "Linux", n: 1 }],
      devices: [{ name: "desktop", n: 1 }],
    });
  });

  itOnOneServer("a click of a known link costs ONE Redis command: the click commit", async () => {
    const link = await newLink();
    const commands = await commandsSentDuring(env.url, async () => {
      for (let i = 0; i < 3; i++) expect((await visit(`/s/${link.code}`, { "user-agent": FIREFOX })).status).toBe(302);
    });
    expect(commands).toEqual(["evalsha", "evalsha", "evalsha"]);
    expect(await counts(link.code)).toEqual([3, 0]);
  });

  it("HEAD requests, bots and clients without a User-Agent still redirect but count as bot hits", async () => {
    const link = await newLink();
    const head = await visit(`/s/${link.code}`, { "user-agent": FIREFOX }, "HEAD");
    expect([head.status, head.headers.location, head.body]).toEqual([302, link.url, ""]);
    const bot = await visit(`/s/${link.code}`, { "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" });
    const script = await visit(`/s/${link.code}`);
    expect([bot.status, bot.headers.location, script.status]).toEqual([302, link.url, 302]);
    expect(await counts(link.code)).toEqual([0, 3]);
  });

  it("answers an unknown code with the 404 page, an expired link with the 410 page, and counts nothing", async () => {
    const missing = await visit("/s/unknown1", { "user-agent": FIREFOX });
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^text\/html/);
    expect(missing.body).toMatch(/Short link not found/);
    expectSecurityHeaders(missing);
    const head = await visit("/s/unknown1", {}, "HEAD");
    expect([head.status, head.body]).toEqual([404, ""]);

    const link = await newLink({ expireIn: 1000, now: Date.now() - 5000 });
    const expired = await visit(`/s/${link.code}`, { "user-agent": FIREFOX });
    expect(expired.status).toBe(410);
    expect(expired.body).toMatch(/This short link has expired/);
    expectSecurityHeaders(expired);
    expect(await counts(link.code)).toEqual([0, 0]);
  });

  it("does not follow a target that is a short link on the host the visitor came in by (403), and follows it from elsewhere", async () => {
    const inner = await newLink();
    const outer = await newLink({ url: `http://sho.rt.example/s/${inner.code}` });
    const blocked = await visit(`/s/${outer.code}`, { "user-agent": FIREFOX, host: "SHO.RT.example" });
    expect([blocked.status, blocked.headers.location]).toEqual([403, undefined]);
    expect(blocked.body).toMatch(/short link of this site/);
    expectSecurityHeaders(blocked);
    expect(await counts(outer.code)).toEqual([0, 0]);
    const followed = await visit(`/s/${outer.code}`, { "user-agent": FIREFOX, host: `127.0.0.1:${front.port}` });
    expect([followed.status, followed.headers.location]).toEqual([302, outer.url]);
    expect(await counts(outer.code)).toEqual([1, 0]);
  });

  it("behind a trusted proxy, clicks past one address's rate on a link still redirect but count as bot hits", async () => {
    const saved = process.env.TRUST_PROXY;
    process.env.TRUST_PROXY = "1";
    try {
      const link = await newLink();
      const from = (address: string) => visit(`/s/${link.code}`, { "user-agent": FIREFOX, "x-forwarded-for": address });
      // Start clear of a window boundary, so all the clicks fall in one rate window.
      const intoWindow = Date.now() % CLICK_RATE.windowMs;
      if (intoWindow > CLICK_RATE.windowMs - 3_000) await new Promise((r) => setTimeout(r, CLICK_RATE.windowMs - intoWindow + 50));
      for (let i = 0; i <= CLICK_RATE.limit; i++) expect((await from("203.0.113.5")).status).toBe(302);
      expect((await from("203.0.113.6")).status).toBe(302);
      expect(await counts(link.code)).toEqual([CLICK_RATE.limit + 1, 1]);
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });

  it("leaves to Next what is not a visit to a code a link can have", async () => {
    const link = await newLink();
    const before = frontRedirects();
    const others: [string, string][] = [
      ["POST", `/s/${link.code}`],
      ["GET", `/s/${link.code}/`],
      ["GET", `/s/${link.code}/more`],
      ["GET", `/s/%41${link.code}`],
      ["GET", "/s/"],
      ["GET", "/s/ab"],
      ["GET", "/S/" + link.code],
      ["GET", `/api/links/${link.code}`],
    ];
    for (const [method, path] of others) expect([method, path, (await visit(path, { "user-agent": FIREFOX }, method)).status]).toEqual([method, path, NEXT_ANSWER]);
    expect(frontRedirects()).toBe(before);
    expect(await counts(link.code)).toEqual([0, 0]);
  });

  itOnOneServer("answers the 503 page within a bounded time while Redis is down, and redirects again once it is back", async () => {
    const link = await newLink();
    expect((await visit(`/s/${link.code}`, { "user-agent": FIREFOX })).status).toBe(302);
    await env.server.kill("SIGKILL");
    try {
      const down = await withTimeout(visit(`/s/${link.code}`, { "user-agent": FIREFOX }), 10_000, "the answer while Redis is down");
      expect(down.status).toBe(503);
      expect(down.body).toMatch(/unavailable for a moment/);
      expectSecurityHeaders(down);
    } finally {
      await env.server.start();
    }
    await expect.poll(async () => (await visit(`/s/${link.code}`, { "user-agent": FIREFOX })).status, { timeout: 10_000 }).toBe(302);
  });
});
