// Every API route, called as Next calls it, while the app's Redis is down: each answers
// 503 {error: {code: "unavailable"}} with Retry-After, quickly (never a hang, never a 500;
// a live stream whose first step needed no Redis may open and wait instead),
// whether the app's Kv was open before the outage or is first opened during it; and once
// Redis is back the same requests succeed with no restart of anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/scripts/redis/free-port";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";
import { closeServerKv, forgetServerKv, getKv } from "@/lib/server/kv";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET as getLinkEvents } from "./links/[code]/events/route";
import { GET as getLink } from "./links/[code]/route";
import { GET as listLinks, POST as postLink } from "./links/route";
import { POST as postComment } from "./posts/[id]/comments/route";
import { DELETE as unlike, POST as like } from "./posts/[id]/like/route";
import { GET as getPost } from "./posts/[id]/route";
import { GET as listPosts } from "./posts/route";
import { GET as roomEvents } from "./rooms/[room]/events/route";
import { GET as listMessages, POST as postMessage } from "./rooms/[room]/messages/route";
import { DELETE as unreact, PUT as react } from "./rooms/[room]/messages/[message]/reactions/[reaction]/route";
import { DELETE as deleteMessage, PATCH as editMessage } from "./rooms/[room]/messages/[message]/route";
import { POST as postPresence } from "./rooms/[room]/presence/route";
import { GET as getRoom } from "./rooms/[room]/route";
import { POST as postTyping } from "./rooms/[room]/typing/route";
import { GET as listRooms, POST as postRoom } from "./rooms/route";

const ORIGIN = "http://app.test";
let server: RedisServer;

beforeAll(async () => {
  // A fixed port, so the app's connections find the server again after a restart.
  server = await startRedisServer({ port: await findFreePort(), appendOnly: true });
  process.env.REDIS_URL = server.url;
  // A returning visitor's, so the routes that read a visitor's data need Redis for it.
  cookie = { cookie: await visitorCookieHeader(await getKv()) };
});

afterAll(async () => {
  await closeServerKv();
  await server.stop();
});

let cookie: Record<string, string> = {};
const req = (path: string, init: RequestInit = {}) => new Request(`${ORIGIN}${path}`, { headers: cookie, ...init });
const post = (path: string, body: unknown, method = "POST") =>
  new Request(`${ORIGIN}${path}`, { method, headers: { "content-type": "application/json", ...cookie }, body: JSON.stringify(body) });
const code = (value: string) => ({ params: Promise.resolve({ code: value }) });
const room = (value: string) => ({ params: Promise.resolve({ room: value }) });
const id = (value: string) => ({ params: Promise.resolve({ id: value }) });
const message = (roomId: string) => ({ params: Promise.resolve({ room: roomId, message: "1" }) });
const reaction = (roomId: string) => ({ params: Promise.resolve({ room: roomId, message: "1", reaction: "like" }) });

/** Every route the app serves over /api (bar health), as one call each. */
function everyRoute(linkCode: string, roomId: string): [string, () => Promise<Response>][] {
  return [
    ["POST /api/links", () => postLink(post("/api/links", { url: "https://example.com/outage" }))],
    ["GET /api/links", () => listLinks(req("/api/links"))],
    ["GET /api/links/{code}", () => getLink(req(`/api/links/${linkCode}`), code(linkCode))],
    ["GET /api/links/{code}/events", () => getLinkEvents(req(`/api/links/${linkCode}/events`), code(linkCode))],
    ["POST /api/rooms", () => postRoom(post("/api/rooms", { name: `Outage ${Date.now()}` }))],
    ["GET /api/rooms", () => listRooms()],
    ["GET /api/rooms/{room}", () => getRoom(req(`/api/rooms/${roomId}`), room(roomId))],
    ["GET /api/rooms/{room}/events", () => roomEvents(req(`/api/rooms/${roomId}/events`), room(roomId))],
    ["GET /api/rooms/{room}/messages", () => listMessages(req(`/api/rooms/${roomId}/messages`), room(roomId))],
    [
      "POST /api/rooms/{room}/messages",
      () => postMessage(post(`/api/rooms/${roomId}/messages`, { author: "Ann", text: "during the outage" }), room(roomId)),
    ],
    ["PATCH /api/rooms/{room}/messages/1", () => editMessage(post(`/api/rooms/${roomId}/messages/1`, { text: "x" }, "PATCH"), message(roomId))],
    ["DELETE /api/rooms/{room}/messages/1", () => deleteMessage(req(`/api/rooms/${roomId}/messages/1`, { method: "DELETE" }), message(roomId))],
    ["PUT …/messages/1/reactions/like", () => react(req(`/api/rooms/${roomId}/messages/1/reactions/like`, { method: "PUT" }), reaction(roomId))],
    ["DELETE …/messages/1/reactions/like", () => unreact(req(`/api/rooms/${roomId}/messages/1/reactions/like`, { method: "DELETE" }), reaction(roomId))],
    ["POST /api/rooms/{room}/presence", () => postPresence(post(`/api/rooms/${roomId}/presence`, { name: "Ann" }), room(roomId))],
    ["POST /api/rooms/{room}/typing", () => postTyping(post(`/api/rooms/${roomId}/typing`, { typing: true }), room(roomId))],
    ["GET /api/posts", () => listPosts(req("/api/posts"))],
    ["GET /api/posts/{id}", () => getPost(req("/api/posts/p"), id("p"))],
    ["POST /api/posts/{id}/like", () => like(post("/api/posts/p/like", {}), id("p"))],
    ["DELETE /api/posts/{id}/like", () => unlike(post("/api/posts/p/like", {}, "DELETE"), id("p"))],
    ["POST /api/posts/{id}/comments", () => postComment(post("/api/posts/p/comments", { author: "Ann", text: "hi" }), id("p"))],
  ];
}

async function expectUnavailable(name: string, call: () => Promise<Response>): Promise<void> {
  const started = Date.now();
  const response = await call();
  const elapsed = Date.now() - started;
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    // A stream may open anyway (its link was cached): it waits for Redis, and the hub
    // delivers the state once Redis is back (e2e/faults.spec.ts checks that part).
    expect(name).toMatch(/\/events$/);
    await response.body?.cancel();
    return;
  }
  const body = (await response.json()) as { error?: { code: string; message: string } };
  expect({ name, status: response.status, code: body.error?.code }).toEqual({ name, status: 503, code: "unavailable" });
  expect(body.error?.message).toMatch(/unreachable|restarting/);
  expect(response.headers.get("retry-after")).toBe("2");
  // A command waits at most the command timeout (2 s) for a connection and is then refused
  // unsent; a route gives up at its first refused command.
  expect(elapsed, name).toBeLessThan(5_000);
}

/** All at once, as a busy app would meet them. */
async function expectAllUnavailable(routes: [string, () => Promise<Response>][]): Promise<void> {
  await Promise.all(routes.map(([name, call]) => expectUnavailable(name, call)));
}

describe("API routes during a Redis outage", () => {
  it("answer 503 unavailable with Retry-After, and work again once Redis is back", async () => {
    const created = await postLink(post("/api/links", { url: "https://example.com/before" }));
    expect(created.status).toBe(201);
    const linkCode = ((await created.json()) as { code: string }).code;
    const madeRoom = await postRoom(post("/api/rooms", { name: `Before ${Date.now()}` }));
    expect(madeRoom.status).toBe(201);
    const roomId = ((await madeRoom.json()) as { id: string }).id;

    await server.stop();
    await expectAllUnavailable(everyRoute(linkCode, roomId));

    await server.start();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 201) {
      status = (await postMessage(post(`/api/rooms/${roomId}/messages`, { author: "Ann", text: "back" }), room(roomId))).status;
      if (status !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(201);
    const page = await getLink(req(`/api/links/${linkCode}`), code(linkCode));
    expect(page.status).toBe(200);
  });

  it("a Kv first opened during the outage answers 503 too, then opens once Redis is back", async () => {
    await closeServerKv();
    void forgetServerKv();
    await server.stop();
    await expectAllUnavailable(everyRoute("abcdefg", "some-room").slice(0, 3));
    await server.start();
    const response = await listRooms();
    expect(response.status).toBe(200);
    (await getKv()).watchStats();
  });

  it("after closeServerKv (shutdown), routes answer 503 'restarting', not 500", async () => {
    await closeServerKv();
    await expectAllUnavailable(everyRoute("abcdefg", "some-room"));
  });
});
