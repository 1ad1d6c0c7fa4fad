// Editing, deleting and reacting to chat messages through the API, called as Next calls the
// route handlers, against a real redis-server: only the author (the visitor of the signed
// cookie) may edit or delete; reactions are each visitor's own; bad input gets JSON errors.
import { describe, expect, it } from "vitest";
import { createRoom, memberIdOf, REACTION_RATE, sendMessage, type ChatMessage, type MessagePage } from "@/lib/chat";
import { errorOf } from "@/lib/http/test-support";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { newVisitorId } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET as listMessages } from "../route";
import { DELETE as unreact, PUT as react } from "./reactions/[reaction]/route";
import { DELETE as remove, PATCH as edit } from "./route";

const ORIGIN = "http://app.test";
useAppRedis();

let rooms = 0;
/** A room with one message by `author` (a visitor id); returns the room and the message's id. */
async function roomWithMessage(author: string): Promise<{ room: string; id: string }> {
  const kv = await getKv();
  const room = (await createRoom(kv, `Changes ${++rooms} ${Date.now()}`)).id;
  const { message } = await sendMessage(kv, room, { author: "Ann", text: "first draft" }, memberIdOf(author));
  return { room, id: message.id };
}

async function request(method: string, path: string, visitorId: string | null, body?: unknown): Promise<Request> {
  const headers: Record<string, string> = visitorId === null ? {} : { cookie: await visitorCookieHeader(await getKv(), visitorId) };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
}

const at = (room: string, message: string) => ({ params: Promise.resolve({ room, message }) });
const reactionAt = (room: string, message: string, reaction: string) => ({ params: Promise.resolve({ room, message, reaction }) });

async function history(room: string): Promise<ChatMessage[]> {
  const response = await listMessages(new Request(`${ORIGIN}/api/rooms/${room}/messages`), { params: Promise.resolve({ room }) });
  return ((await response.json()) as MessagePage).messages;
}

describe("PATCH and DELETE /api/rooms/{room}/messages/{message}", () => {
  it("the author edits (200, edited) and deletes (200, deleted); the room's history shows it", async () => {
    const ann = newVisitorId();
    const { room, id } = await roomWithMessage(ann);
    const path = `/api/rooms/${room}/messages/${id}`;
    const edited = await edit(await request("PATCH", path, ann, { text: "final words" }), at(room, id));
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ id, text: "final words", editedAt: expect.any(Number) });
    expect((await history(room))[0]).toMatchObject({ text: "final words" });
    const deleted = await remove(await request("DELETE", path, ann), at(room, id));
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ id, text: "", deleted: true });
    expect((await history(room))[0]).toMatchObject({ text: "", deleted: true });
  });

  it("403 not_your_message for another visitor and for a request without the cookie; nothing changes", async () => {
    const { room, id } = await roomWithMessage(newVisitorId());
    const path = `/api/rooms/${room}/messages/${id}`;
    for (const visitor of [newVisitorId(), null]) {
      expect(await errorOf(await edit(await request("PATCH", path, visitor, { text: "hijacked" }), at(room, id)))).toMatchObject({
        status: 403,
        code: "not_your_message",
      });
      expect((await errorOf(await remove(await request("DELETE", path, visitor), at(room, id)))).status).toBe(403);
    }
    expect((await history(room))[0]).toMatchObject({ text: "first draft" });
    expect((await history(room))[0]).not.toHaveProperty("editedAt");
  });

  it("JSON errors for bad input: 422 empty or wrong-typed text, 400 not JSON, 404 no such message or room", async () => {
    const ann = newVisitorId();
    const { room, id } = await roomWithMessage(ann);
    const path = `/api/rooms/${room}/messages/${id}`;
    expect(await errorOf(await edit(await request("PATCH", path, ann, { text: " " }), at(room, id)))).toMatchObject({ status: 422, code: "invalid_text" });
    expect(await errorOf(await edit(await request("PATCH", path, ann, { text: 5 }), at(room, id)))).toMatchObject({ status: 422, code: "validation_failed" });
    expect((await errorOf(await edit(await request("PATCH", path, ann, "{nope"), at(room, id)))).status).toBe(400);
    expect(await errorOf(await edit(await request("PATCH", path, ann, { text: "x" }), at(room, "99")))).toMatchObject({ status: 404, code: "message_not_found" });
    expect((await errorOf(await remove(await request("DELETE", path, ann), at(room, "-1")))).status).toBe(404);
    expect((await errorOf(await remove(await request("DELETE", path, ann), at("no-such-room", id)))).status).toBe(404);
  });
});

describe("PUT and DELETE /api/rooms/{room}/messages/{message}/reactions/{reaction}", () => {
  it("each visitor adds and takes back their own reaction; repeats change nothing", async () => {
    const { room, id } = await roomWithMessage(newVisitorId());
    const [bob, cat] = [newVisitorId(), newVisitorId()];
    const path = `/api/rooms/${room}/messages/${id}/reactions/party`;
    for (const visitor of [bob, bob, cat]) expect((await react(await request("PUT", path, visitor), reactionAt(room, id, "party"))).status).toBe(200);
    const taken = await unreact(await request("DELETE", path, bob), reactionAt(room, id, "party"));
    expect(((await taken.json()) as ChatMessage).reactions).toEqual({ party: [memberIdOf(cat)] });
    expect((await history(room))[0].reactions).toEqual({ party: [memberIdOf(cat)] });
  });

  it("404 for a reaction not in the set; 409 on a deleted message", async () => {
    const ann = newVisitorId();
    const { room, id } = await roomWithMessage(ann);
    const odd = await react(await request("PUT", `/api/rooms/${room}/messages/${id}/reactions/poop`, ann), reactionAt(room, id, "poop"));
    expect(await errorOf(odd)).toMatchObject({ status: 404, code: "unknown_reaction" });
    await remove(await request("DELETE", `/api/rooms/${room}/messages/${id}`, ann), at(room, id));
    const late = await react(await request("PUT", `/api/rooms/${room}/messages/${id}/reactions/like`, ann), reactionAt(room, id, "like"));
    expect(await errorOf(late)).toMatchObject({ status: 409, code: "message_deleted" });
  });

  it(`429 with Retry-After after ${REACTION_RATE.limit} reactions in ${REACTION_RATE.windowMs / 1000} s from one visitor`, async () => {
    const { room, id } = await roomWithMessage(newVisitorId());
    const bob = newVisitorId();
    const statuses: number[] = [];
    for (let i = 0; i <= REACTION_RATE.limit; i++) {
      const on = i % 2 === 0;
      const path = `/api/rooms/${room}/messages/${id}/reactions/like`;
      const handler = on ? react : unreact;
      statuses.push((await handler(await request(on ? "PUT" : "DELETE", path, bob), reactionAt(room, id, "like"))).status);
    }
    expect(statuses.slice(0, REACTION_RATE.limit).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
