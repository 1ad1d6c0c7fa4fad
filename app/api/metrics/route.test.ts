// GET /api/metrics as Next calls it, against a real redis-server: every series is there in
// the Prometheus text format, and the figures move when a visitor watches a link, clicks it
// and sends a chat message. Also /api/health's brief figures, and who may read them: the
// token's holder, or without a token a scraper on the app's own machine.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoom, sendMessage } from "@/lib/chat";
import { PEER_ADDRESS_HEADER, PEER_RELAYS_HEADER, stampPeerAddress } from "@/lib/http/peer-address";
import { forgetPeerStamps } from "@/lib/http/test-support";
import { createLink } from "@/lib/links";
import { parseExposition, type Samples } from "@/lib/metrics/exposition";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { BodyReader } from "@/lib/sse/test-support";
import { GET as health } from "../health/route";
import { GET as linkEvents } from "../links/[code]/events/route";
import { GET as redirect } from "../../s/[code]/route";
import { GET as metrics } from "./route";

const ORIGIN = "http://app.test";
const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
useAppRedis();

// The figures are not public: these scrapes show the token, as a scraper elsewhere would.
const TOKEN = "test-metrics-token";
beforeAll(() => {
  process.env.METRICS_TOKEN = TOKEN;
});
afterAll(() => {
  delete process.env.METRICS_TOKEN;
});

async function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Samples> {
  const response = await metrics(new Request(`${ORIGIN}/api/metrics`, { headers }));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

const value = (samples: Samples, series: string): number => {
  const found = samples.get(series);
  if (found === undefined) throw new Error(`no series ${series} in /api/metrics`);
  return found;
};

const SERIES = [
  "livekv_sse_connections",
  "livekv_sse_connections_opened_total",
  "livekv_watch_watchers",
  "livekv_watch_channels",
  "livekv_watch_patterns",
  "livekv_watch_subscriber_connected",
  "livekv_watch_notifications_total",
  "livekv_watch_reads_total",
  "livekv_link_clicks_total",
  "livekv_chat_messages_total",
  "process_cpu_user_seconds_total",
  "nodejs_eventloop_lag_seconds",
];

describe("GET /api/metrics", () => {
  it("serves every series in the Prometheus text format", async () => {
    await getKv();
    const samples = await scrape();
    for (const series of SERIES) expect(samples.has(series), series).toBe(true);
  });

  it("moves with a live stream, a click and a message", async () => {
    const kv = await getKv();
    const link = await createLink(kv, { url: "https://example.com/metrics" }, { owner: "o", appOrigin: ORIGIN });
    const before = await scrape();

    const abort = new AbortController();
    const stream = await linkEvents(new Request(`${ORIGIN}/api/links/${link.code}/events`, { signal: abort.signal }), {
      params: Promise.resolve({ code: link.code }),
    });
    const body = new BodyReader(stream);
    await body.until(/"clicks":0/);
    const watching = await scrape();
    expect(value(watching, "livekv_sse_connections")).toBe(value(before, "livekv_sse_connections") + 1);
    expect(value(watching, "livekv_sse_connections_opened_total")).toBe(value(before, "livekv_sse_connections_opened_total") + 1);
    expect(value(watching, "livekv_watch_watchers")).toBeGreaterThan(value(before, "livekv_watch_watchers"));
    expect(value(watching, "livekv_watch_channels")).toBeGreaterThan(value(before, "livekv_watch_channels"));

    const click = await redirect(new Request(`${ORIGIN}/s/${link.code}`, { headers: { "user-agent": BROWSER } }), {
      params: Promise.resolve({ code: link.code }),
    });
    expect(click.status).toBe(302);
    await body.until(/"clicks":1/);
    const room = await createRoom(kv, `metrics ${Date.now()}`);
    await sendMessage(kv, room.id, { author: "Ada", text: "hello" }, "member-1");

    const after = await scrape();
    expect(value(after, "livekv_link_clicks_total")).toBe(value(before, "livekv_link_clicks_total") + 1);
    expect(value(after, "livekv_chat_messages_total")).toBe(value(before, "livekv_chat_messages_total") + 1);
    // The click's commit, the room's and the message's, at least.
    const commits = (s: Samples): number => value(s, 'livekv_kv_commit_duration_seconds_count{outcome="committed"}');
    expect(commits(after)).toBeGreaterThanOrEqual(commits(before) + 3);
    expect(value(after, 'livekv_kv_commit_duration_seconds_bucket{le="+Inf",outcome="committed"}')).toBe(commits(after));
    expect(value(after, "livekv_watch_notifications_total")).toBeGreaterThan(value(before, "livekv_watch_notifications_total"));
    expect(value(after, "livekv_watch_reads_total")).toBeGreaterThan(value(before, "livekv_watch_reads_total"));

    abort.abort();
    await body.cancel();
    const closed = await scrape();
    expect(value(closed, "livekv_sse_connections")).toBe(value(before, "livekv_sse_connections"));
  });

  it("asks for the token when METRICS_TOKEN is set", async () => {
    process.env.METRICS_TOKEN = "s3cret";
    try {
      const refused = await metrics(new Request(`${ORIGIN}/api/metrics`));
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
      expect((await metrics(new Request(`${ORIGIN}/api/metrics`, { headers: { authorization: "Bearer nope" } }))).status).toBe(401);
      await scrape({ authorization: "Bearer s3cret" });
    } finally {
      process.env.METRICS_TOKEN = TOKEN;
    }
  });
});

/**
 * A Request with the headers Next builds from `req`, as the app's server hands it on: Next
 * adds an X-Forwarded-For of its own (the socket's address) to every request it routes.
 */
function asRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  return new Request(`${ORIGIN}${req.url ?? "/"}`, { headers });
}

describe("GET /api/metrics without METRICS_TOKEN", () => {
  it("is refused (403) unless the app's server saw it come straight from this machine; a client's own stamp counts for nothing", async () => {
    delete process.env.METRICS_TOKEN;
    // As the app's server (server.ts) runs it: each request stamped from its socket before the route.
    const server = createServer((req, res) => {
      stampPeerAddress(req);
      void metrics(asRequest(req)).then(async (response) => res.writeHead(response.status).end(await response.text()));
    });
    try {
      const plain = await metrics(new Request(`${ORIGIN}/api/metrics`));
      expect(plain.status).toBe(403);
      expect(await plain.json()).toEqual({ error: { code: "forbidden", message: expect.stringMatching(/METRICS_TOKEN/) } });
      // Where nothing stamps requests (next start alone), the header could come from anyone.
      expect((await metrics(new Request(`${ORIGIN}/api/metrics`, { headers: { [PEER_ADDRESS_HEADER]: "127.0.0.1" } }))).status).toBe(403);

      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/metrics`;
      const local = await fetch(url);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain("livekv_sse_connections");
      // Relayed by a proxy on this machine: from loopback too, but for someone else.
      expect((await fetch(url, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
      expect((await fetch(url, { headers: { "x-real-ip": "203.0.113.9", [PEER_ADDRESS_HEADER]: "127.0.0.1" } })).status).toBe(403);
      expect((await fetch(url, { headers: { forwarded: "for=203.0.113.9" } })).status).toBe(403);
      // A client's copy of the stamp saying it was not relayed counts for nothing either.
      expect((await fetch(url, { headers: { "x-forwarded-for": "203.0.113.9", [PEER_RELAYS_HEADER]: "" } })).status).toBe(403);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      forgetPeerStamps();
      process.env.METRICS_TOKEN = TOKEN;
    }
  });
});

describe("GET /api/health figures", () => {
  it("reports the same figures briefly", async () => {
    const response = await health();
    const report = (await response.json()) as { figures: Record<string, unknown> };
    expect(report.figures).toEqual({
      // One server process here: the figures of several are added up (e2e/every-core.spec.ts).
      processes: 1,
      sseConnections: expect.any(Number),
      clicks: expect.any(Number),
      messages: expect.any(Number),
      commits: expect.any(Number),
      commitMeanMs: expect.any(Number),
    });
    const samples = await scrape();
    expect(report.figures.clicks).toBe(samples.get("livekv_link_clicks_total"));
    expect(report.figures.messages).toBe(samples.get("livekv_chat_messages_total"));
  });
});
