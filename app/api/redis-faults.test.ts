// The API against a Redis that hangs (SIGSTOP) or loses a reply after applying a write (a TCP
// proxy between the app and Redis swallows the reply and closes the connection). Every
// request is answered within a bounded time with a 503 that tells the truth: `unavailable`
// when nothing was done, `outcome_unknown` when the write was sent and no answer came — and a
// write the app answered 503 for during a hang never lands once Redis wakes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, jsonPost } from "@/lib/http/test-support";
import { encodeKeyHex } from "@/lib/kv/key-codec";
import { likesKey } from "@/lib/posts/keys";
import { waitFor, withTimeout } from "@/lib/kv/test-support";
import { startBlackholeProxy, type BlackholeProxy } from "@/scripts/redis/fixtures/blackhole-proxy";
import { findFreePort } from "@/scripts/redis/free-port";
import { useAppRedis } from "@/lib/server/test-support";
import { getKv } from "@/lib/server/kv";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET as redirect } from "../s/[code]/route";
import { GET as getLink } from "./links/[code]/route";
import { POST as postLink } from "./links/route";
import { DELETE as unlike, POST as like } from "./posts/[id]/like/route";
import { GET as getPost } from "./posts/[id]/route";
import { GET as listMessages, POST as postMessage } from "./rooms/[room]/messages/route";
import { POST as postRoom } from "./rooms/route";

const ORIGIN = "http://app.test";
const env = useAppRedis({ appendOnly: true, port: await findFreePort() });
let proxy: BlackholeProxy;

beforeAll(async () => {
  // The app reaches Redis through the proxy, with a short command timeout to keep this quick.
  proxy = await startBlackholeProxy(env.server.port);
  process.env.REDIS_URL = proxy.url;
  process.env.LIVEKV_REDIS_COMMAND_TIMEOUT_MS = "1000";
  // One returning visitor (a signed cookie) for every request, so a retry is the same visitor's.
  headers = { cookie: await visitorCookieHeader(await getKv()) };
});
afterAll(async () => {
  delete process.env.LIVEKV_REDIS_COMMAND_TIMEOUT_MS;
  await proxy.close();
});

let headers: Record<string, string>;
const post = (path: string, body: unknown) => jsonPost(`${ORIGIN}${path}`, body, headers);
const get = (path: string) => new Request(`${ORIGIN}${path}`, { headers });
const code = (value: string) => ({ params: Promise.resolve({ code: value }) });
const room = (value: string) => ({ params: Promise.resolve({ room: value }) });
const id = (value: string) => ({ params: Promise.resolve({ id: value }) });
const POST_ID = "why-we-stopped-polling";

/** The response, which must come within 10 s: a hang fails the test. */
function answered(call: Promise<Response>, what: string): Promise<Response> {
  return withTimeout(call, 10_000, what);
}

async function expect503(response: Response, codes: string[]): Promise<string> {
  const error = await errorOf(response);
  expect(error.status).toBe(503);
  expect(codes).toContain(error.code);
  expect(response.headers.get("retry-after")).toBe("2");
  if (error.code === "outcome_unknown") expect(error.message).not.toMatch(/nothing was done/);
  return error.code;
}

async function makeRoom(): Promise<string> {
  const response = await postRoom(post("/api/rooms", { name: `Faults ${Date.now()}` }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe("a reply lost after Redis applied the write", () => {
  it("POST /api/links answers 503 outcome_unknown (not 'nothing was done'), and the link is there", async () => {
    proxy.dropReplyTo("https://example.com/lost-reply-link");
    const response = await answered(postLink(post("/api/links", { url: "https://example.com/lost-reply-link", code: "lost-reply" })), "POST /api/links");
    expect(await expect503(response, ["outcome_unknown"])).toBe("outcome_unknown");
    const stored = await waitFor(async () => {
      const page = await getLink(get("/api/links/lost-reply"), code("lost-reply"));
      return page.status === 200 ? ((await page.json()) as { link: { url: string } }) : null;
    }, "the app to read the link");
    expect(stored.link.url).toBe("https://example.com/lost-reply-link");
  });

  it("a chat message: outcome_unknown, and sending it again with the same clientId stores it once", async () => {
    const roomId = await makeRoom();
    const message = { author: "Ann", text: "lost-reply-message", clientId: "lost-reply-client-1" };
    proxy.dropReplyTo("lost-reply-message");
    const first = await answered(postMessage(post(`/api/rooms/${roomId}/messages`, message), room(roomId)), "the first send");
    await expect503(first, ["outcome_unknown"]);
    const again = await waitFor(async () => {
      const response = await postMessage(post(`/api/rooms/${roomId}/messages`, message), room(roomId));
      return response.status === 503 ? null : response;
    }, "the retry to be answered");
    // 200: it had been stored by the first attempt; the retry found it and added nothing.
    expect(again.status).toBe(200);
    const page = (await (await listMessages(get(`/api/rooms/${roomId}/messages`), room(roomId))).json()) as {
      messages: { text: string }[];
    };
    expect(page.messages.filter((m) => m.text === "lost-reply-message")).toHaveLength(1);
  });

  it("a like whose result cannot be read after it was committed answers outcome_unknown, and the like is there", async () => {
    expect((await getPost(get(`/api/posts/${POST_ID}`), id(POST_ID))).status).toBe(200);
    // The like's commit passes; the read of its result that follows loses its reply.
    proxy.dropReplyTo(encodeKeyHex(likesKey(POST_ID)), 1);
    const response = await answered(like(post(`/api/posts/${POST_ID}/like`, {}), id(POST_ID)), "the like");
    await expect503(response, ["outcome_unknown"]);
    const state = await waitFor(async () => {
      const page = await getPost(get(`/api/posts/${POST_ID}`), id(POST_ID));
      return page.status === 200 ? ((await page.json()) as { counts: { likes: number }; liked: boolean }) : null;
    }, "the post to be readable");
    expect({ likes: state.counts.likes, liked: state.liked }).toEqual({ likes: 1, liked: true });
  });
});

describe("a hung Redis (SIGSTOP)", () => {
  it("writes and reads answer 503 within a bounded time; after SIGCONT the app answers, and no write answered 503 lands", async () => {
    const created = await postLink(post("/api/links", { url: "https://example.com/hung", code: "hung-link" }));
    expect(created.status).toBe(201);
    const roomId = await makeRoom();
    const visitor = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" };
    // Warm: the link record is cached, so the click below is one commit.
    expect((await redirect(new Request(`${ORIGIN}/s/hung-link`, { headers: visitor }), code("hung-link"))).status).toBe(302);
    const pid = env.server.pid as number;

    process.kill(pid, "SIGSTOP");
    try {
      const click = await answered(redirect(new Request(`${ORIGIN}/s/hung-link`, { headers: visitor }), code("hung-link")), "a click");
      expect(click.status).toBe(503);
      const writes = await Promise.all([
        answered(postLink(post("/api/links", { url: "https://example.com/during-hang", code: "during-hang" })), "POST /api/links"),
        answered(postMessage(post(`/api/rooms/${roomId}/messages`, { author: "Ann", text: "during the hang" }), room(roomId)), "a message"),
        answered(unlike(new Request(`${ORIGIN}/api/posts/${POST_ID}/like`, { method: "DELETE", headers }), id(POST_ID)), "an unlike"),
      ]);
      for (const response of writes) await expect503(response, ["unavailable", "outcome_unknown"]);
      const read = await answered(getPost(get(`/api/posts/${POST_ID}`), id(POST_ID)), "GET /api/posts/{id}");
      expect(await expect503(read, ["unavailable"])).toBe("unavailable");
    } finally {
      process.kill(pid, "SIGCONT");
    }

    const stats = await waitFor(async () => {
      const page = await getLink(get("/api/links/hung-link"), code("hung-link"));
      return page.status === 200 ? ((await page.json()) as { clicks: number }) : null;
    }, "the app to answer again", { timeoutMs: 10_000 });
    // Only the click before the hang: the one answered 503 refused itself when Redis woke.
    expect(stats.clicks).toBe(1);
    expect((await getLink(get("/api/links/during-hang"), code("during-hang"))).status).toBe(404);
    const page = (await (await listMessages(get(`/api/rooms/${roomId}/messages`), room(roomId))).json()) as {
      messages: { text: string }[];
    };
    expect(page.messages.map((m) => m.text)).not.toContain("during the hang");
  }, 60_000);
});
