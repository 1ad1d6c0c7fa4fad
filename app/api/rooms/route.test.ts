// The rooms API route handlers, called as Next calls them (a Request in, a Response out),
// against a real redis-server that the app's getKv() reaches through REDIS_URL.
import { describe, expect, it } from "vitest";
import { MESSAGE_RATE, ROOM_RATE, type ChatMessage, type MessagePage, type RoomRecord } from "@/lib/chat";
import { errorOf, forgetPeerStamps, fromPeer, jsonPost } from "@/lib/http/test-support";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { newVisitorId } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET as getRoom } from "./[room]/route";
import { GET as listMessages, POST as postMessage } from "./[room]/messages/route";
import { POST as postPresence } from "./[room]/presence/route";
import { POST as postTyping } from "./[room]/typing/route";
import { GET as listRooms, POST as postRoom } from "./route";

const ORIGIN = "http://app.test";
useAppRedis();

const params = (room: string) => ({ params: Promise.resolve({ room }) });
const cookieFor = async (visitorId: string) => visitorCookieHeader(await getKv(), visitorId);
const post = (path: string, body: unknown, headers: Record<string, string> = {}) => jsonPost(`${ORIGIN}${path}`, body, headers);

let roomCounter = 0;
/** A fresh room, made through the API by a fresh visitor (room creation is rate limited). */
async function newRoom(name = `Room ${++roomCounter} ${Date.now()}`): Promise<RoomRecord> {
  const response = await postRoom(post("/api/rooms", { name }, { cookie: await cookieFor(newVisitorId()) }));
  expect(response.status).toBe(201);
  return (await response.json()) as RoomRecord;
}

async function send(room: string, body: unknown, visitorId: string | null = newVisitorId()): Promise<Response> {
  const headers: Record<string, string> = visitorId === null ? {} : { cookie: await cookieFor(visitorId) };
  return postMessage(post(`/api/rooms/${room}/messages`, body, headers), params(room));
}

describe("POST /api/rooms", () => {
  it("201 with the room, its Location, and a visitor cookie for a new visitor", async () => {
    const response = await postRoom(post("/api/rooms", { name: "  Design Crit  " }));
    expect(response.status).toBe(201);
    const room = (await response.json()) as RoomRecord;
    expect(room).toMatchObject({ id: "design-crit", name: "Design Crit", messageCount: 0, lastMessage: null });
    expect(response.headers.get("location")).toBe("/api/rooms/design-crit");
    expect(response.headers.get("set-cookie")).toMatch(/^lkv_vid=[\w-]{22}\.[\w-]{22};/);
  });

  it("409 for a name taken in any case; 422 for empty or over-long names", async () => {
    await newRoom("Town Square");
    const taken = await errorOf(await postRoom(post("/api/rooms", { name: "TOWN square" })));
    expect(taken).toMatchObject({ status: 409, code: "room_name_taken" });
    expect(taken.message).toMatch(/already a room/);
    expect(await errorOf(await postRoom(post("/api/rooms", { name: " " })))).toMatchObject({ status: 422, code: "invalid_room_name" });
    expect((await errorOf(await postRoom(post("/api/rooms", { name: "n".repeat(49) })))).message).toMatch(/at most 48/);
  });

  it("a clientId sent again: 200 with the same room instead of 409; another name with it is another room", async () => {
    const cookie = await cookieFor(newVisitorId());
    const body = { name: `Once ${Date.now()}`, clientId: crypto.randomUUID() };
    const first = await postRoom(post("/api/rooms", body, { cookie }));
    const again = await postRoom(post("/api/rooms", body, { cookie }));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect((await postRoom(post("/api/rooms", { ...body, name: `${body.name} bis` }, { cookie }))).status).toBe(201);
    // Without a clientId the same request is a new create, and the name is taken.
    expect((await errorOf(await postRoom(post("/api/rooms", { name: body.name }, { cookie })))).status).toBe(409);
  });

  it("4xx JSON for bodies that are not a room: wrong type, no JSON, not JSON", async () => {
    expect(await errorOf(await postRoom(post("/api/rooms", { name: 5 })))).toMatchObject({ status: 422, code: "validation_failed" });
    expect(await errorOf(await postRoom(post("/api/rooms", "{name:")))).toMatchObject({ status: 400, code: "invalid_json" });
    expect((await postRoom(post("/api/rooms", "name=x", { "content-type": "application/x-www-form-urlencoded" }))).status).toBe(415);
  });

  it("429 with Retry-After once a visitor has created too many rooms", async () => {
    const cookie = await cookieFor(newVisitorId());
    for (let i = 0; i < ROOM_RATE.limit; i++) {
      expect((await postRoom(post("/api/rooms", { name: `Spam ${i} ${Date.now()}` }, { cookie }))).status).toBe(201);
    }
    const refused = await postRoom(post("/api/rooms", { name: `Spam more ${Date.now()}` }, { cookie }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorOf(refused)).code).toBe("rate_limited");
  });
});

describe("GET /api/rooms and /api/rooms/{room}", () => {
  it("lists rooms, most recently active first", async () => {
    const quiet = await newRoom();
    const busy = await newRoom();
    await send(quiet.id, { author: "a", text: "wake up" });
    const { rooms } = (await (await listRooms()).json()) as { rooms: { id: string; online: number }[] };
    const order = rooms.map((room) => room.id);
    expect(order.indexOf(quiet.id)).toBeLessThan(order.indexOf(busy.id));
    expect(rooms[0]).toMatchObject({ id: quiet.id, online: 0 });
  });

  it("a room with its presence; 404 JSON for no such room or a malformed id", async () => {
    const room = await newRoom();
    const response = await getRoom(new Request(`${ORIGIN}/api/rooms/${room.id}`), params(room.id));
    expect(await response.json()).toEqual({ room, presence: { online: 0, members: [], typing: [] } });
    for (const id of ["no-such-room", "../../etc", "%00"]) {
      expect(await errorOf(await getRoom(new Request(`${ORIGIN}/api/rooms/x`), params(id)))).toMatchObject({
        status: 404,
        code: "room_not_found",
      });
    }
  });
});

describe("POST /api/rooms/{room}/messages", () => {
  it("201 with the stored message: trimmed, numbered, stamped", async () => {
    const room = await newRoom();
    const response = await send(room.id, { author: " Ann ", text: " <b>hi</b> ", clientId: "client-id-0001" });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      id: "1",
      seq: 1,
      author: "Ann",
      text: "<b>hi</b>",
      createdAt: expect.any(Number),
      memberId: expect.stringMatching(/^[\w-]{16}$/),
      clientId: "client-id-0001",
    });
  });

  it("a retried clientId answers 200 with the message stored the first time", async () => {
    const room = await newRoom();
    const visitor = newVisitorId();
    const body = { author: "Ann", text: "once", clientId: "client-id-0002" };
    const first = (await (await send(room.id, body, visitor)).json()) as ChatMessage;
    const again = await send(room.id, body, visitor);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
  });

  it("a clientId sent again without a cookie (a new visitor whose answer, and cookie, was lost) is one message", async () => {
    const room = await newRoom();
    const body = { author: "Ann", text: "once", clientId: "client-id-0003" };
    // From an address of its own, so this does not spend the bucket cookie-less tests share.
    const sendWithoutCookie = () => postMessage(post(`/api/rooms/${room.id}/messages`, body, fromPeer("198.51.100.31")), params(room.id));
    try {
      const first = await sendWithoutCookie();
      const again = await sendWithoutCookie();
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(await again.json()).toEqual(await first.json());
    } finally {
      forgetPeerStamps();
    }
    const page = (await (await listMessages(new Request(`${ORIGIN}/api/rooms/${room.id}/messages`), params(room.id))).json()) as MessagePage;
    expect(page.messages.map((m) => m.text)).toEqual(["once"]);
  });

  it("422 for empty or too long text and author, with the field in the message; 404 for no room", async () => {
    const room = await newRoom();
    expect(await errorOf(await send(room.id, { author: "Ann", text: "   " }))).toMatchObject({ status: 422, code: "invalid_text" });
    const long = await errorOf(await send(room.id, { author: "Ann", text: "x".repeat(2_001) }));
    expect(long).toMatchObject({ status: 422, code: "invalid_text" });
    expect(long.message).toMatch(/2,000/);
    expect(await errorOf(await send(room.id, { author: "", text: "hi" }))).toMatchObject({ status: 422, code: "invalid_author" });
    expect(await errorOf(await send(room.id, { author: "a".repeat(41), text: "hi" }))).toMatchObject({ code: "invalid_author" });
    expect(await errorOf(await send(room.id, { text: "hi" }))).toMatchObject({ status: 422, code: "validation_failed" });
    expect((await errorOf(await send(room.id, { author: "a", text: "hi", clientId: "bad id!" }))).code).toBe("invalid_client_id");
    expect(await errorOf(await send("no-such-room", { author: "a", text: "hi" }))).toMatchObject({ status: 404, code: "room_not_found" });
  });

  it(`429 with Retry-After after ${MESSAGE_RATE.limit} messages in ${MESSAGE_RATE.windowMs / 1000} s from one visitor; others unaffected`, async () => {
    const room = await newRoom();
    const visitor = newVisitorId();
    for (let i = 0; i < MESSAGE_RATE.limit; i++) {
      expect((await send(room.id, { author: "Spammer", text: `m${i}` }, visitor)).status).toBe(201);
    }
    const refused = await send(room.id, { author: "Spammer", text: "one too many" }, visitor);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // A sliding window: the last of a full window's requests leaves it a 1/limit share of
    // a window after the window ends.
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil((MESSAGE_RATE.windowMs * (1 + 1 / MESSAGE_RATE.limit)) / 1000));
    const error = await errorOf(refused);
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/Too many messages: try again in \d+ s/);
    expect((await send(room.id, { author: "Someone else", text: "fine" })).status).toBe(201);
    // The refused message was not stored.
    const page = (await (await listMessages(new Request(`${ORIGIN}/api/rooms/${room.id}/messages`), params(room.id))).json()) as MessagePage;
    expect(page.messages.map((m) => m.text)).not.toContain("one too many");
  });

  it("requests without a visitor cookie share one bucket (else dropping the cookie would dodge the limit)", async () => {
    const room = await newRoom();
    const statuses: number[] = [];
    for (let i = 0; i <= MESSAGE_RATE.limit; i++) statuses.push((await send(room.id, { author: "bot", text: `b${i}` }, null)).status);
    expect(statuses.slice(0, MESSAGE_RATE.limit).every((status) => status === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("GET /api/rooms/{room}/messages", () => {
  it("pages back with the before cursor; 400 for bad query values", async () => {
    const room = await newRoom();
    for (let i = 1; i <= 5; i++) await send(room.id, { author: "a", text: `m${i}` });
    const get = (query: string) =>
      listMessages(new Request(`${ORIGIN}/api/rooms/${room.id}/messages${query}`), params(room.id));
    const latest = (await (await get("?limit=2")).json()) as MessagePage;
    expect(latest.messages.map((m) => m.text)).toEqual(["m4", "m5"]);
    const older = (await (await get(`?limit=2&before=${encodeURIComponent(latest.before ?? "")}`)).json()) as MessagePage;
    expect(older.messages.map((m) => m.text)).toEqual(["m2", "m3"]);
    const after = (await (await get("?after=3")).json()) as MessagePage;
    expect(after.messages.map((m) => m.text)).toEqual(["m4", "m5"]);

    for (const query of ["?limit=0", "?limit=201", "?limit=abc", "?before=x&after=1"]) {
      expect(await errorOf(await get(query))).toMatchObject({ status: 400, code: "invalid_query" });
    }
    expect(await errorOf(await get("?before=garbage"))).toMatchObject({ status: 400, code: "invalid_cursor" });
    expect(await errorOf(await get("?after=-1"))).toMatchObject({ status: 400, code: "invalid_cursor" });
  });
});

describe("typing and presence names", () => {
  it("204 for typing reports, 200 with the trimmed name; 4xx for bad bodies and rooms", async () => {
    const room = await newRoom();
    const cookie = await cookieFor(newVisitorId());
    const typing = (body: unknown, id = room.id) => postTyping(post(`/api/rooms/${id}/typing`, body, { cookie }), params(id));
    const named = (body: unknown) => postPresence(post(`/api/rooms/${room.id}/presence`, body, { cookie }), params(room.id));
    expect((await typing({})).status).toBe(204);
    expect((await typing({ typing: false })).status).toBe(204);
    expect((await typing({ typing: "yes" })).status).toBe(422);
    expect((await typing({}, "no-such-room")).status).toBe(404);
    const response = await named({ name: "  Ann  " });
    expect([response.status, await response.json()]).toEqual([200, { name: "Ann" }]);
    expect(await errorOf(await named({ name: "" }))).toMatchObject({ status: 422, code: "invalid_author" });
  });
});
