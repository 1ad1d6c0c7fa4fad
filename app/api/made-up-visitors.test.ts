// A visitor cannot be made up (issue: one client sending a fresh made-up cookie each time got
// every like, link and chat message through). Through the route handlers, against a real
// redis-server: a made-up or altered cookie is a new visitor, so a client sending a fresh one
// each time spends the per-address budget for new visitors and is refused once it is gone —
// the like count stops growing. Behind a trusted proxy even real cookies, which a client can
// collect by the hundred, share their address's budget.
import { afterEach, describe, expect, it } from "vitest";
import { MESSAGE_RATE, createRoom, type MessagePage } from "@/lib/chat";
import { jsonPost } from "@/lib/http/test-support";
import { LINK_RATE_RULES } from "@/lib/links";
import { POST_RATE_RULES, type PostPage } from "@/lib/posts";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { newVisitorId, VISITOR_COOKIE } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { POST as postLink } from "./links/route";
import { POST as like } from "./posts/[id]/like/route";
import { GET as getPost } from "./posts/[id]/route";
import { GET as listMessages, POST as postMessage } from "./rooms/[room]/messages/route";

const ORIGIN = "http://app.test";
const POST = "deno-kv-watch-on-redis";
useAppRedis();
afterEach(() => {
  delete process.env.TRUST_PROXY;
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

/** Likes the post TRIES times, each with a cookie from `cookie()`: the statuses, and how many likes were added. */
async function likeWith(cookie: () => Promise<string>, headers: Record<string, string> = {}) {
  const before = await likes();
  const statuses: number[] = [];
  for (let i = 0; i < TRIES; i++) {
    const request = new Request(`${ORIGIN}/api/posts/${POST}/like`, { method: "POST", headers: { ...headers, cookie: await cookie() } });
    statuses.push((await like(request, { params: Promise.resolve({ id: POST }) })).status);
  }
  return { statuses, added: (await likes()) - before };
}

async function messagesIn(room: string): Promise<number> {
  const response = await listMessages(new Request(`${ORIGIN}/api/rooms/${room}/messages?limit=200`), { params: Promise.resolve({ room }) });
  return ((await response.json()) as MessagePage).messages.length;
}

describe("made-up visitor cookies", () => {
  it("a client liking with a fresh made-up or altered cookie each time stops adding likes at the new-visitor budget", async () => {
    const { limit } = POST_RATE_RULES.per_address;
    for (const cookie of [madeUp, altered]) {
      const { statuses, added } = await likeWith(cookie);
      expect(added).toBe(statuses.filter((status) => status === 200).length);
      expect(added).toBeLessThanOrEqual(limit + SLACK);
      // Refused, and it stays refused: the count no longer grows.
      expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
    }
  });

  it("links made with fresh made-up cookies stop at the new-visitor budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < TRIES; i++) {
      const request = jsonPost(`${ORIGIN}/api/links`, { url: `https://example.com/made-up/${i}` }, { cookie: await madeUp() });
      statuses.push((await postLink(request)).status);
    }
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(LINK_RATE_RULES.per_address.limit + SLACK);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
  });

  it("chat messages with fresh made-up cookies share the cookie-less bucket", async () => {
    const room = (await createRoom(await getKv(), `Made up ${Date.now()}`)).id;
    const statuses: number[] = [];
    for (let i = 0; i < 3 * MESSAGE_RATE.limit; i++) {
      const request = jsonPost(`${ORIGIN}/api/rooms/${room}/messages`, { author: "bot", text: `m${i}` }, { cookie: await madeUp() });
      statuses.push((await postMessage(request, { params: Promise.resolve({ room }) })).status);
    }
    expect(await messagesIn(room)).toBe(statuses.filter((status) => status === 201).length);
    expect(await messagesIn(room)).toBeLessThanOrEqual(MESSAGE_RATE.limit + SLACK);
    expect(statuses.at(-1)).toBe(429);
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
