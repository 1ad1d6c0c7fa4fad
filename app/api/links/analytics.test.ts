// The analytics of a time range through the real handlers, against a real redis-server:
// countries from the client address, unique visitors, QR scans, UTM tags, filters, the live
// view and the CSV export.
import { describe, expect, it } from "vitest";
import { errorOf, fromPeer } from "@/lib/http/test-support";
import { createLink, type AnalyticsView, type LinkStats } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { BodyReader, parseEvents } from "@/lib/sse/test-support";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET as getStats } from "./[code]/route";
import { GET as getStatsEvents } from "./[code]/events/route";
import { GET as exportClicks } from "./[code]/export/route";
import { GET as redirect } from "../../s/[code]/route";

const ORIGIN = "http://app.test";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
useAppRedis();

const params = (code: string) => ({ params: Promise.resolve({ code }) });

async function newLink(url = "https://target.example/page") {
  return createLink(await getKv(), { url }, { owner: "o", appOrigin: ORIGIN });
}

function click(code: string, headers: Record<string, string>, query = "") {
  return redirect(new Request(`${ORIGIN}/s/${code}${query}`, { headers }), params(code));
}

async function viewOf(code: string, query = ""): Promise<AnalyticsView> {
  const response = await getStats(new Request(`${ORIGIN}/api/links/${code}?${query}`), params(code));
  expect(response.status).toBe(200);
  return ((await response.json()) as { view: AnalyticsView }).view;
}

describe("range analytics", () => {
  it("a self-hosted click gets its country from the client address; a CDN's header still wins", async () => {
    const link = await newLink();
    await click(link.code, { "user-agent": FIREFOX, ...fromPeer("193.0.6.139") });
    await click(link.code, { "user-agent": FIREFOX, ...fromPeer("2a01:e0a::1") });
    await click(link.code, { "user-agent": FIREFOX, "cf-ipcountry": "JP", ...fromPeer("193.0.6.139") });
    await click(link.code, { "user-agent": FIREFOX, ...fromPeer("127.0.0.1") });
    const view = await viewOf(link.code);
    expect(view.breakdowns.country).toEqual([
      { name: "FR", n: 1 },
      { name: "JP", n: 1 },
      { name: "NL", n: 1 },
      { name: "unknown", n: 1 },
    ]);
  });

  it("counts unique visitors beside clicks: by their cookie, else by address and browser", async () => {
    const kv = await getKv();
    const link = await newLink();
    const alice = await visitorCookieHeader(kv);
    const bob = await visitorCookieHeader(kv);
    for (let i = 0; i < 3; i++) await click(link.code, { "user-agent": FIREFOX, cookie: alice, ...fromPeer("198.51.100.7") });
    await click(link.code, { "user-agent": FIREFOX, cookie: bob, ...fromPeer("198.51.100.7") });
    // No cookie: one visitor per address and User-Agent.
    for (let i = 0; i < 2; i++) await click(link.code, { "user-agent": IPHONE, ...fromPeer("203.0.113.9") });
    await click(link.code, { "user-agent": IPHONE, ...fromPeer("203.0.113.10") });
    const view = await viewOf(link.code, "range=1h");
    expect(view).toMatchObject({ clicks: 7, visitors: 4 });
    expect(view.series.visitors.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(4);
    // The raw address is stored nowhere: not in the log the views are made of.
    const csv = await (await exportClicks(new Request(`${ORIGIN}/api/links/${link.code}/export?range=1h`), params(link.code))).text();
    expect(csv).not.toMatch(/198\.51\.100\.7|203\.0\.113/);
    expect(new Set(csv.trim().split("\r\n").slice(1).map((line) => line.split(",").at(-1))).size).toBe(4);
  });

  it("a QR code's visit (?qr=1) is a scan apart from clicks, and the marker is not sent on", async () => {
    const link = await newLink("https://target.example/page?x=1");
    const scan = await click(link.code, { "user-agent": IPHONE }, "?qr=1");
    expect(scan.status).toBe(302);
    expect(scan.headers.get("location")).toBe("https://target.example/page?x=1");
    await click(link.code, { "user-agent": FIREFOX });
    const view = await viewOf(link.code);
    expect(view).toMatchObject({ clicks: 2, qrScans: 1 });
    expect(view.breakdowns.trigger).toEqual([
      { name: "link", n: 1 },
      { name: "qr", n: 1 },
    ]);
  });

  it("UTM tags come from the visited short URL, else from the link's target", async () => {
    const link = await newLink("https://target.example/?utm_source=site&utm_medium=referral&utm_campaign=spring");
    await click(link.code, { "user-agent": FIREFOX });
    await click(link.code, { "user-agent": FIREFOX }, "?utm_source=newsletter&utm_medium=email");
    const view = await viewOf(link.code);
    expect(view.breakdowns.utmSource).toEqual([
      { name: "newsletter", n: 1 },
      { name: "site", n: 1 },
    ]);
    expect(view.breakdowns.utmMedium).toEqual([
      { name: "email", n: 1 },
      { name: "referral", n: 1 },
    ]);
    expect(view.breakdowns.utmCampaign).toEqual([
      { name: "(none)", n: 1 },
      { name: "spring", n: 1 },
    ]);
  });

  it("a filter narrows the other panels; bad ranges, zones and filters are a 422 naming them", async () => {
    const link = await newLink();
    await click(link.code, { "user-agent": FIREFOX, "cf-ipcountry": "DE", referer: "https://news.example/" });
    await click(link.code, { "user-agent": IPHONE, "cf-ipcountry": "DE" });
    await click(link.code, { "user-agent": IPHONE, "cf-ipcountry": "FR" });
    const view = await viewOf(link.code, "range=7d&tz=Europe%2FParis&country=DE");
    expect(view).toMatchObject({ range: "7d", timeZone: "Europe/Paris", clicks: 2, filters: { country: "DE" } });
    expect(view.breakdowns.device).toEqual([
      { name: "desktop", n: 1 },
      { name: "mobile", n: 1 },
    ]);
    expect(view.breakdowns.country).toEqual([
      { name: "DE", n: 2 },
      { name: "FR", n: 1 },
    ]);
    for (const [query, code] of [
      ["range=1y", "invalid_range"],
      ["tz=Moon%2FBase", "invalid_time_zone"],
      [`country=${"x".repeat(300)}`, "invalid_filter"],
    ]) {
      const response = await getStats(new Request(`${ORIGIN}/api/links/${link.code}?${query}`), params(link.code));
      expect(response.status).toBe(422);
      expect((await errorOf(response)).code).toBe(code);
    }
  });

  it("the live stream carries the view asked for, and a click changes it", async () => {
    const link = await newLink();
    const client = new AbortController();
    const response = await getStatsEvents(
      new Request(`${ORIGIN}/api/links/${link.code}/events?range=1h&device=mobile`, { signal: client.signal }),
      params(link.code),
    );
    expect(response.status).toBe(200);
    const body = new BodyReader(response);
    await body.until(/"type":"stats"/);
    expect((parseEvents(body.text)[0].data as LinkStats & { view: AnalyticsView }).view).toMatchObject({ clicks: 0, range: "1h" });
    await click(link.code, { "user-agent": FIREFOX });
    await click(link.code, { "user-agent": IPHONE });
    await body.until(/"filters":\{"device":"mobile"\},"from":\d+,"to":\d+,"clicks":1/);
    const last = parseEvents(body.text).at(-1)?.data as LinkStats & { view: AnalyticsView };
    expect(last.clicks).toBe(2);
    expect(last.view).toMatchObject({ clicks: 1, visitors: 1 });
    client.abort();
    await body.cancel().catch(() => {});
    const refused = await getStatsEvents(new Request(`${ORIGIN}/api/links/${link.code}/events?tz=Nowhere`), params(link.code));
    expect(refused.status).toBe(422);
  });

  it("exports a range's clicks as a CSV download; 404 for an unknown link", async () => {
    const link = await newLink();
    await click(link.code, { "user-agent": FIREFOX, "cf-ipcountry": "DE", referer: "https://news.example/" });
    await click(link.code, { "user-agent": IPHONE, "cf-ipcountry": "FR" }, "?qr=1");
    const response = await exportClicks(new Request(`${ORIGIN}/api/links/${link.code}/export?range=24h&country=DE`), params(link.code));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${link.code}-clicks-24h.csv"`);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("time_utc,time_local,trigger,referrer,country,browser,os,device,utm_source,utm_medium,utm_campaign,visitor");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,[\d-]+ [\d:]+,link,news\.example,DE,Firefox,Linux,desktop,,,,[\w-]{16}$/);
    const missing = await exportClicks(new Request(`${ORIGIN}/api/links/nosuchlink/export`), params("nosuchlink"));
    expect(missing.status).toBe(404);
    const bad = await exportClicks(new Request(`${ORIGIN}/api/links/${link.code}/export?range=all`), params(link.code));
    expect(bad.status).toBe(422);
  });
});
