// A visitor cannot be made up, nor collected for free (issue: one client sending a fresh
// made-up cookie each time got every like, link and chat message through; a stream handed a
// fresh cookie to every cookie-less request). Through the route handlers, against a real
// redis-server, each test a client of an address of its own, as the app's server stamps it:
// a made-up or altered cookie is a new visitor, every new visitor costs its address a token
// of the new-visitor budget, and every request, cookie or not, also counts against its
// address — so the like count stops growing. Under `next start` alone (no stamp) all new
// visitors share one budget.
import { afterEach, describe, expect, it } from "vitest";
import { MESSAGE_RATE, createRoom, type MessagePage } from "@/lib/chat";
import { forgetPeerStamps, fromPeer, jsonPost } from "@/lib/http/test-support";
import { LINK_RATE_RULES } from "@/lib/links";
import { POST_RATE_RULES, type PostPage } from "@/lib/posts";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { NEW_VISITOR_RATE, newVisitorId, VISITOR_COOKIE } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { POST as postLink } from "./links/route";
import { POST as like } from "./posts/[id]/like/route";
import { GET as getPost } from "./posts/[id]/route";
import { GET as roomEvents } from "./rooms/[room]/events/route";
import { GET as listMessages, POST as postMessage } from "./rooms/[room]/messages/route";

const ORIGIN = "http://app.test";
const POST = "deno-kv-watch-on-redis";
useAppRedis();
afterEach(() => {
  delete process.env.TRUST_PROXY;
  forgetPeerStamps();
});

// More than any budget below; a budget's sliding window may free a place or two while it runs.
const TRIES = 80;
const SLACK = 2;

const madeUp = async (): Promise<string> => `${VISITOR_COOKIE}=${newVisitorId()}`;
/** A real cookie's id with another MAC: the same length and alphabet, one character off. */
const altered = async (): Promise<string> => {
  const real = await visitorCookieHeader(await getKv());
  return real.slice(0, -1) + (real.endsWith("A") ? "B" : "A");
};
const collected = async (): Promise<string> => visitorCookieHeader(await getKv());

async function likes(): Promise<number> {
  const response = await getPost(new Request(`${ORIGIN}/api/posts/${POST}`), { params: Promise.resolve({ id: POST }) });
  return ((await response.json()) as PostPage).counts.likes;
}

/**
 * Likes the post TRIES times, each with a cookie from `cookie()`: the statuses, how many likes
 * were added, and whether each answer set a cookie.
 */
async function likeWith(cookie: () => Promise<string>, headers: Record<string, string> = {}) {
  const before = await likes();
  const statuses: number[] = [];
  const cookiesSet: boolean[] = [];
  for (let i = 0; i < TRIES; i++) {
    const request = new Request(`${ORIGIN}/api/posts/${POST}/like`, { method: "POST", headers: { ...headers, cookie: await cookie() } });
    const response = await like(request, { params: Promise.resolve({ id: POST }) });
    statuses.push(response.status);
    cookiesSet.push(response.headers.has("set-cookie"));
  }
  return { statuses, cookiesSet, added: (await likes()) - before };
}

async function messagesIn(room: string): Promise<number> {
  const response = await listMessages(new Request(`${ORIGIN}/api/rooms/${room}/messages?limit=200`), { params: Promise.resolve({ room }) });
  return ((await response.json()) as MessagePage).messages.length;
}

describe("made-up visitor cookies", () => {
  it("a client liking with a fresh made-up or altered cookie each time stops adding likes at its address's budget, then gets no more cookies", async () => {
    const { limit } = POST_RATE_RULES.per_address;
    for (const [n, cookie] of [madeUp, altered].entries()) {
      const { statuses, cookiesSet, added } = await likeWith(cookie, fromPeer(`198.51.100.${n + 1}`));
      expect(added).toBe(statuses.filter((status) => status === 200).length);
      expect(added).toBeLessThanOrEqual(limit + SLACK);
      // Refused, and it stays refused: the count no longer grows.
      expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
      // Every new visitor handed out was paid for; past the budget, none is.
      expect(cookiesSet.filter(Boolean).length).toBeLessThanOrEqual(NEW_VISITOR_RATE.limit + SLACK);
      expect(cookiesSet.slice(-10)).toEqual(Array(10).fill(false));
    }
  });

  it("links made with fresh made-up cookies stop at the address's budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < TRIES; i++) {
      const headers = { ...fromPeer("198.51.100.3"), cookie: await madeUp() };
      statuses.push((await postLink(jsonPost(`${ORIGIN}/api/links`, { url: `https://example.com/made-up/${i}` }, headers))).status);
    }
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(LINK_RATE_RULES.per_address.limit + SLACK);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
  });

  it("chat messages with fresh made-up cookies share the cookie-less bucket", async () => {
    const room = (await createRoom(await getKv(), `Made up ${Date.now()}`)).id;
    const statuses: number[] = [];
    for (let i = 0; i < 3 * MESSAGE_RATE.limit; i++) {
      const headers = { ...fromPeer("198.51.100.4"), cookie: await madeUp() };
      const request = jsonPost(`${ORIGIN}/api/rooms/${room}/messages`, { author: "bot", text: `m${i}` }, headers);
      statuses.push((await postMessage(request, { params: Promise.resolve({ room }) })).status);
    }
    expect(await messagesIn(room)).toBe(statuses.filter((status) => status === 201).length);
    expect(await messagesIn(room)).toBeLessThanOrEqual(MESSAGE_RATE.limit + SLACK);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("collecting visitors", () => {
  /** Opens the room's stream without a cookie and closes it again: the status and any cookie it set. */
  async function visitRoom(room: string, headers: Record<string, string>): Promise<{ status: number; cookie: string | null; response: Response }> {
    const client = new AbortController();
    const request = new Request(`${ORIGIN}/api/rooms/${room}/events`, { headers, signal: client.signal });
    const response = await roomEvents(request, { params: Promise.resolve({ room }) });
    const cookie = response.headers.get("set-cookie");
    if (response.status === 200) {
      client.abort();
      await response.body?.cancel();
    }
    return { status: response.status, cookie: cookie?.split(";")[0] ?? null, response };
  }

  async function collectFrom(headers: () => Record<string, string>) {
    const room = (await createRoom(await getKv(), `Cookie jar ${Date.now()}`)).id;
    const collected = new Set<string>();
    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < NEW_VISITOR_RATE.limit + 20; i++) {
      const visit = await visitRoom(room, headers());
      statuses.push(visit.status);
      if (visit.cookie !== null) collected.add(visit.cookie);
      if (visit.status !== 200) refused = visit.response;
    }
    return { collected, statuses, refused };
  }

  it("a room stream hands a cookie-less client new visitors only within its address's budget, then 429 and no cookie", async () => {
    const { collected, statuses, refused } = await collectFrom(() => fromPeer("198.51.100.5"));
    expect(collected.size).toBe(statuses.filter((status) => status === 200).length);
    expect(collected.size).toBeLessThanOrEqual(NEW_VISITOR_RATE.limit + SLACK);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
    expect(refused?.headers.get("set-cookie")).toBeNull();
    expect(refused?.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(await refused?.json()).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/try again in \d+ s/) } });
    // Another address has a budget of its own.
    const room = (await createRoom(await getKv(), `Elsewhere ${Date.now()}`)).id;
    expect((await visitRoom(room, fromPeer("198.51.100.6"))).status).toBe(200);
  });

  it("under `next start` alone (no server stamps the peer), all new visitors share one budget", async () => {
    const { collected, statuses } = await collectFrom(() => ({}));
    expect(collected.size).toBeLessThanOrEqual(NEW_VISITOR_RATE.limit + SLACK);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
  });
});

describe("behind a trusted proxy, real cookies share their address's budget", () => {
  it("likes with a fresh real cookie each time stop at the address's budget; another address is not affected", async () => {
    process.env.TRUST_PROXY = "1";
    const { statuses, added } = await likeWith(collected, { "x-forwarded-for": "203.0.113.40" });
    expect(added).toBeLessThanOrEqual(POST_RATE_RULES.per_address.limit + SLACK);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
    const elsewhere = await like(
      new Request(`${ORIGIN}/api/posts/${POST}/like`, { method: "POST", headers: { "x-forwarded-for": "203.0.113.41", cookie: await collected() } }),
      { params: Promise.resolve({ id: POST }) },
    );
    expect(elsewhere.status).toBe(200);
  });

  it("chat messages with a fresh real cookie each time stop at the address's budget", async () => {
    process.env.TRUST_PROXY = "1";
    const room = (await createRoom(await getKv(), `Collected ${Date.now()}`)).id;
    const statuses: number[] = [];
    for (let i = 0; i < 3 * MESSAGE_RATE.limit; i++) {
      const headers = { "x-forwarded-for": "203.0.113.42", cookie: await collected() };
      statuses.push((await postMessage(jsonPost(`${ORIGIN}/api/rooms/${room}/messages`, { author: "bot", text: `c${i}` }, headers), { params: Promise.resolve({ room }) })).status);
    }
    expect(await messagesIn(room)).toBeLessThanOrEqual(MESSAGE_RATE.limit + SLACK);
    expect(statuses.at(-1)).toBe(429);
  });
});
