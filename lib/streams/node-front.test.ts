// The node:http front against a real redis-server: what a browser's EventSource gets from the
// app's own server for the live-stream URLs, and what it leaves to Next.
import { get, type IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { readPresence } from "@/lib/chat/presence/presence";
import { createRoom } from "@/lib/chat/rooms/rooms";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address";
import { waitFor } from "@/lib/kv/test-support";
import { createLink, recordClick, type Click } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import { NEXT_ANSWER, useAppRedis, useFrontServer } from "@/lib/server/test-support";
import { sseConnectionCounts } from "@/lib/sse";
import { BodyReader, parseEvents } from "@/lib/sse/test-support";
import { NEW_VISITOR_RATE, newVisitorId } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { serveLiveStream } from "./node-front";

// Before the front's hooks: after-hooks run in reverse, so the front's connections close
// before the app's Kv and its Redis go.
useAppRedis();

const front = useFrontServer(serveLiveStream);

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A GET from the local address `from` (any of 127/8 reaches the server on 127.0.0.1: a client
 * of its own, as another machine would be). A stream (200) is closed once its headers are in.
 */
function getFrom(from: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = get(`${front.origin}${path}`, { localAddress: from, agent: false, headers }, (response) => {
      const answer = { status: response.statusCode ?? 0, headers: response.headers, body: "" };
      if (answer.status === 200) {
        response.destroy();
        return resolve(answer);
      }
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (answer.body += chunk));
      response.on("end", () => resolve(answer));
    });
    request.on("error", reject);
  });
}

const CLICK: Click = { at: Date.now(), referrer: "ref.example", country: "DE", browser: "Firefox", os: "Linux", device: "desktop" };

describe("serveLiveStream", () => {
  it("streams a link's stats now and after each click, with the API's security headers, and lets go when the client leaves", async () => {
    const kv = await getKv();
    const link = await createLink(kv, { url: "https://front.example/" }, { owner: "o", appOrigin: front.origin });
    const client = new AbortController();
    const response = await fetch(`${front.origin}/api/links/${link.code}/events`, { signal: client.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");

    const body = new BodyReader(response);
    await body.until(/"type":"stats"/);
    expect(body.text.startsWith("retry: 2000\n")).toBe(true);
    const [first] = parseEvents(body.text);
    expect(first.data).toMatchObject({ clicks: 0 });

    expect(await recordClick(kv, link, CLICK)).toBe(true);
    await body.until(/"clicks":1/);
    const events = parseEvents(body.text);
    expect(events[events.length - 1].data).toMatchObject({ clicks: 1, referrers: [{ name: "ref.example", n: 1 }] });
    expect(sseConnectionCounts().open).toBe(1);

    client.abort();
    await waitFor(() => kv.watchStats().watchers === 0, "the watch to be released");
    await waitFor(() => sseConnectionCounts().open === 0, "the connection to be counted as closed");
  });

  it("answers an unknown link with the JSON 404 its route gives, not a stream", async () => {
    const response = await fetch(`${front.origin}/api/links/nopenope/events`);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.stringMatching(/no short link/) } });
  });

  it("answers bad input with its 4xx (a bad codes list is 422)", async () => {
    const response = await fetch(`${front.origin}/api/links/events?codes=ok1,bad%20code`);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_codes");
  });

  it("gives a first-time visitor of a room the cookie that names them", async () => {
    const room = await createRoom(await getKv(), "Front door");
    const client = new AbortController();
    const response = await fetch(`${front.origin}/api/rooms/${encodeURIComponent(room.id)}/events`, { signal: client.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^lkv_vid=[\w-]{22}\.[\w-]{22}; Path=\//);
    const body = new BodyReader(response);
    await body.until(/"type":"presence"/);
    client.abort();
  });

  it("refuses a room stream another site's page opens (403 cross_site): no cookie, nobody present", async () => {
    const kv = await getKv();
    const room = await createRoom(kv, "Side door");
    const path = `${front.origin}/api/rooms/${encodeURIComponent(room.id)}/events`;
    const clients: AbortController[] = [];
    const open = (headers: Record<string, string>): Promise<Response> => {
      const client = new AbortController();
      clients.push(client);
      return fetch(path, { signal: client.signal, headers });
    };
    try {
      const foreign: Record<string, string>[] = [
        { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
        { "sec-fetch-site": "same-site", origin: "https://other.app.test" },
        { origin: "https://evil.example" },
      ];
      for (const headers of foreign) {
        const refused = await open(headers);
        expect(refused.status).toBe(403);
        expect(refused.headers.get("set-cookie")).toBeNull();
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("cross_site");
      }
      expect((await readPresence(kv, room.id)).online).toBe(0);
      // The app's own pages (same-origin) and clients that are no browser still get their stream.
      const own: Record<string, string>[] = [{ "sec-fetch-site": "same-origin" }, {}];
      for (const headers of own) {
        const opened = await open(headers);
        expect(opened.status).toBe(200);
        await new BodyReader(opened).until(/"type":"presence"/);
      }
      expect((await readPresence(kv, room.id)).online).toBe(2);
    } finally {
      for (const client of clients) client.abort();
    }
    await waitFor(() => sseConnectionCounts().open === 0, "the streams to close");
  });

  it("refuses a stream beyond the caps with 503 + Retry-After, before opening anything", async () => {
    const kv = await getKv();
    const link = await createLink(kv, { url: "https://capped.example/" }, { owner: "o", appOrigin: front.origin });
    const first = new AbortController();
    const held = await fetch(`${front.origin}/api/links/${link.code}/events`, { signal: first.signal });
    await new BodyReader(held).until(/"type":"stats"/);
    const watchers = kv.watchStats().watchers;
    process.env.LIVEKV_SSE_MAX_PER_PROCESS = "1";
    try {
      const refused = await fetch(`${front.origin}/api/rooms/events`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("too_many_streams");
      // The rooms feed was never started for it.
      expect(kv.watchStats().watchers).toBe(watchers);
    } finally {
      delete process.env.LIVEKV_SSE_MAX_PER_PROCESS;
      first.abort();
    }
    await waitFor(() => sseConnectionCounts().open === 0, "the held stream to close");
  });

  it("behind a trusted proxy, one address cannot open more than its cap with made-up or collected cookies", async () => {
    const kv = await getKv();
    const link = await createLink(kv, { url: "https://flood.example/" }, { owner: "o", appOrigin: front.origin });
    process.env.TRUST_PROXY = "1";
    process.env.LIVEKV_SSE_MAX_PER_ADDRESS = "2";
    const clients: AbortController[] = [];
    const openFrom = async (address: string, cookie: string): Promise<Response> => {
      const client = new AbortController();
      clients.push(client);
      return fetch(`${front.origin}/api/links/${link.code}/events`, {
        signal: client.signal,
        headers: { "x-forwarded-for": address, cookie },
      });
    };
    try {
      const madeUp = () => `lkv_vid=${newVisitorId()}`;
      const held = [await openFrom("198.51.100.7", madeUp()), await openFrom("198.51.100.7", await visitorCookieHeader(kv))];
      expect(held.map((response) => response.status)).toEqual([200, 200]);
      for (const cookie of [madeUp(), `lkv_vid=${newVisitorId()}.${"A".repeat(22)}`, await visitorCookieHeader(kv)]) {
        const refused = await openFrom("198.51.100.7", cookie);
        expect(refused.status).toBe(503);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("too_many_streams");
      }
      expect((await openFrom("198.51.100.8", madeUp())).status).toBe(200);
    } finally {
      delete process.env.TRUST_PROXY;
      delete process.env.LIVEKV_SSE_MAX_PER_ADDRESS;
      for (const client of clients) client.abort();
    }
    await waitFor(() => sseConnectionCounts().open === 0, "the streams to close");
  });

  it("hands out new visitors (cookies) on a room stream only within the address's budget, then 429 and no cookie", async () => {
    const room = await createRoom(await getKv(), "Cookie jar");
    const path = `/api/rooms/${encodeURIComponent(room.id)}/events`;
    const collected = new Set<string>();
    const statuses: number[] = [];
    for (let i = 0; i < NEW_VISITOR_RATE.limit + 20; i++) {
      // A client-sent copy of the server's stamp must not make it someone else.
      const answer = await getFrom("127.0.0.3", path, i % 2 === 0 ? {} : { [PEER_ADDRESS_HEADER]: `203.0.113.${i}` });
      statuses.push(answer.status);
      for (const cookie of answer.headers["set-cookie"] ?? []) collected.add(cookie.split(";")[0]);
      if (answer.status !== 200) {
        expect(answer.status).toBe(429);
        expect(answer.headers["set-cookie"]).toBeUndefined();
        expect(answer.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
        expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe("rate_limited");
      }
    }
    // One cookie per stream that opened, and no more of them than the budget (a sliding
    // window may free a place or two while this runs).
    expect(collected.size).toBe(statuses.filter((status) => status === 200).length);
    expect(collected.size).toBeLessThanOrEqual(NEW_VISITOR_RATE.limit + 2);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
    // A returning visitor from that address is no new visitor, and another address has a budget of its own.
    const [kept] = collected;
    expect((await getFrom("127.0.0.3", path, { cookie: kept })).status).toBe(200);
    expect((await getFrom("127.0.0.4", path)).status).toBe(200);
    await waitFor(() => sseConnectionCounts().open === 0, "the streams to close");
  });

  it("without a proxy too, one address cannot hold more streams than its cap with collected cookies", async () => {
    const kv = await getKv();
    const link = await createLink(kv, { url: "https://collector.example/" }, { owner: "o", appOrigin: front.origin });
    process.env.LIVEKV_SSE_MAX_PER_ADDRESS = "2";
    const clients: AbortController[] = [];
    // A stream held open from `from`, with a cookie of its own.
    const openFrom = async (from: string): Promise<Answer> => {
      const cookie = await visitorCookieHeader(kv);
      const client = new AbortController();
      clients.push(client);
      return new Promise((resolve, reject) => {
        const request = get(`${front.origin}/api/links/${link.code}/events`, { localAddress: from, agent: false, headers: { cookie }, signal: client.signal }, (response) => {
          const answer = { status: response.statusCode ?? 0, headers: response.headers, body: "" };
          response.setEncoding("utf8");
          response.on("error", () => undefined);
          if (answer.status === 200) return resolve(answer);
          response.on("data", (chunk: string) => (answer.body += chunk));
          response.on("end", () => resolve(answer));
        });
        request.on("error", (error) => (client.signal.aborted ? undefined : reject(error)));
      });
    };
    try {
      expect([(await openFrom("127.0.0.5")).status, (await openFrom("127.0.0.5")).status]).toEqual([200, 200]);
      const refused = await openFrom("127.0.0.5");
      expect(refused.status).toBe(503);
      expect((JSON.parse(refused.body) as { error: { code: string } }).error.code).toBe("too_many_streams");
      expect((await openFrom("127.0.0.6")).status).toBe(200);
    } finally {
      delete process.env.LIVEKV_SSE_MAX_PER_ADDRESS;
      for (const client of clients) client.abort();
    }
    await waitFor(() => sseConnectionCounts().open === 0, "the streams to close");
  });

  it("leaves every other request to Next: other methods, other paths, broken escapes, trailing slashes", async () => {
    const declined = [
      fetch(`${front.origin}/api/links/events`, { method: "POST" }),
      fetch(`${front.origin}/api/links/abc/events`, { method: "HEAD" }),
      fetch(`${front.origin}/api/links`),
      fetch(`${front.origin}/api/links/%ZZ/events`),
      fetch(`${front.origin}/api/rooms/events/`),
      fetch(`${front.origin}/`),
    ];
    for (const response of await Promise.all(declined)) expect(response.status).toBe(NEXT_ANSWER);
  });
});
