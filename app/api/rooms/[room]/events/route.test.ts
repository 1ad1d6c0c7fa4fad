// The room stream at the SSE level: the route's GET called with a Request (and an
// AbortController, as a browser dropping the connection), its body parsed as a browser would.
import { beforeAll, describe, expect, it } from "vitest";
import {
  createRoom,
  deleteMessage,
  editMessage,
  memberIdOf,
  readPresence,
  sendMessage,
  setReaction,
  type ChatMessage,
  type PresenceEvent,
} from "@/lib/chat";
import { connectWatchHub, SseReader, type ParsedEvent } from "@/lib/chat/test-support";
import { sleep } from "@/lib/kv/test-support";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { newVisitorId } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET } from "./route";

const ORIGIN = "http://app.test";
useAppRedis();

beforeAll(async () => {
  await connectWatchHub(await getKv());
});

let rooms = 0;
async function newRoom(): Promise<string> {
  return (await createRoom(await getKv(), `Stream room ${++rooms} ${Date.now()}`)).id;
}

interface Connection {
  response: Response;
  events: SseReader;
  abort: () => Promise<void>;
}

async function connect(
  room: string,
  options: { lastEventId?: string; query?: string; visitorId?: string | null } = {},
): Promise<Connection> {
  const controller = new AbortController();
  const headers = new Headers();
  if (options.lastEventId !== undefined) headers.set("last-event-id", options.lastEventId);
  const visitorId = options.visitorId === undefined ? newVisitorId() : options.visitorId;
  if (visitorId !== null) headers.set("cookie", await visitorCookieHeader(await getKv(), visitorId));
  const request = new Request(`${ORIGIN}/api/rooms/${room}/events${options.query ?? ""}`, { headers, signal: controller.signal });
  const response = await GET(request, { params: Promise.resolve({ room }) });
  const streaming = response.status === 200 && response.body !== null;
  const events = streaming ? new SseReader(response) : (null as unknown as SseReader);
  return {
    response,
    events,
    abort: async () => {
      controller.abort();
      await events?.cancel();
    },
  };
}

const messageEventsIn = (events: ParsedEvent[]) => events.filter((event) => event.type === "messages");
/** Every message in the events, in the order they came, each with the id of the event it came in. */
const messagesIn = (events: ParsedEvent[]) =>
  messageEventsIn(events).flatMap((event) => (event.data as ChatMessage[]).map((message) => ({ message, eventId: event.id })));
const seqsIn = (events: ParsedEvent[]) => messagesIn(events).map(({ message }) => message.seq);
const presenceIn = (events: ParsedEvent[]) =>
  events.filter((event) => event.type === "presence").map((event) => event.data as PresenceEvent);

describe("GET /api/rooms/{room}/events", () => {
  it("drop the connection in the middle of a burst of 500 messages, reconnect with Last-Event-ID: all 500 exactly once, in order", async () => {
    const kv = await getKv();
    const room = await newRoom();
    const first = await connect(room);
    expect(first.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    // Presence comes first: once it is here the stream is subscribed and no message is missed.
    await first.events.until((events) => presenceIn(events).length > 0, 5_000, "the first presence event");

    const TOTAL = 500;
    let sent = 0;
    const burst = (async () => {
      for (let i = 1; i <= TOTAL; i++) {
        await sendMessage(kv, room, { author: "burst", text: `message ${i}` }, "sender");
        sent = i;
      }
    })();

    await first.events.until((events) => messagesIn(events).length >= 120, 10_000, "120 messages before the drop");
    await first.abort();
    const received = [...messagesIn(first.events.events)];
    // What a browser resumes from: the id of the last complete event it got.
    const lastId = messageEventsIn(first.events.events).at(-1)?.id;
    const sentAtDrop = sent;
    expect(received.length).toBeGreaterThanOrEqual(120);
    expect(sentAtDrop).toBeLessThan(TOTAL); // dropped in the middle of the burst

    // Stay away a moment so that part of the burst is sent while nobody is connected.
    await sleep(50);
    const second = await connect(room, { lastEventId: lastId });
    await second.events.until((events) => messagesIn(events).length + received.length >= TOTAL, 20_000, "the rest of the burst");
    await burst;
    await sleep(200); // anything extra (a duplicate) would show up now
    await second.events.until(() => true);
    received.push(...messagesIn(second.events.events));
    await second.abort();

    expect(received.map(({ message }) => message.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(received[41].message.text).toBe("message 42");
    // Each event's id is the id of its last message: what the browser sends back as Last-Event-ID.
    for (const event of [...messageEventsIn(first.events.events), ...messageEventsIn(second.events.events)]) {
      expect(event.id).toBe((event.data as ChatMessage[]).at(-1)?.id);
    }
  });

  it("a first connection with ?after= gets what followed the page it rendered; Last-Event-ID wins over it", async () => {
    const kv = await getKv();
    const room = await newRoom();
    for (let i = 1; i <= 5; i++) await sendMessage(kv, room, { author: "a", text: `m${i}` }, "m");
    const fromPage = await connect(room, { query: "?after=3" });
    await fromPage.events.until((events) => seqsIn(events).length >= 2);
    expect(seqsIn(fromPage.events.events)).toEqual([4, 5]);
    await fromPage.abort();

    const resumed = await connect(room, { query: "?after=1", lastEventId: "4" });
    await resumed.events.until((events) => seqsIn(events).length >= 1);
    await sleep(100);
    await resumed.events.until(() => true);
    expect(seqsIn(resumed.events.events)).toEqual([5]);
    await resumed.abort();

    const fromStart = await connect(room, { query: "?after=0" });
    await fromStart.events.until((events) => seqsIn(events).length >= 5);
    expect(seqsIn(fromStart.events.events)).toEqual([1, 2, 3, 4, 5]);
    await fromStart.abort();
  });

  it("without an id it starts from now: only messages sent after it connected", async () => {
    const kv = await getKv();
    const room = await newRoom();
    await sendMessage(kv, room, { author: "a", text: "old" }, "m");
    const live = await connect(room);
    await live.events.until((events) => presenceIn(events).length > 0);
    await sendMessage(kv, room, { author: "a", text: "new" }, "m");
    await live.events.until((events) => messagesIn(events).length >= 1);
    expect(messagesIn(live.events.events).map(({ message }) => message.text)).toEqual(["new"]);
    await live.abort();
  });

  it("an id this room has no message for (data reset): a reset event, then live from now", async () => {
    const kv = await getKv();
    const room = await newRoom();
    await sendMessage(kv, room, { author: "a", text: "only" }, "m");
    const stream = await connect(room, { lastEventId: "999" });
    await stream.events.until((events) => events.some((event) => event.type === "reset"));
    expect(stream.events.events.find((event) => event.type === "reset")?.data).toEqual({ reason: "unknown_last_event_id" });
    await sendMessage(kv, room, { author: "a", text: "after the reset" }, "m");
    await stream.events.until((events) => messagesIn(events).length >= 1);
    expect(seqsIn(stream.events.events)).toEqual([2]);
    await stream.abort();
  });

  it("400 JSON for a malformed id, 404 JSON for no such room — never a stream", async () => {
    const room = await newRoom();
    for (const lastEventId of ["abc", "-1", "1.5"]) {
      const { response } = await connect(room, { lastEventId });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_last_event_id" } });
    }
    const { response } = await connect(room, { query: "?after=nope" });
    expect(response.status).toBe(400);
    const missing = await connect("no-such-room");
    expect(missing.response.status).toBe(404);
    expect(await missing.response.json()).toMatchObject({ error: { code: "room_not_found" } });
  });

  it("a stream another site's page opens is refused (403 cross_site): no cookie, nobody present", async () => {
    const room = await newRoom();
    const held: Response[] = [];
    const foreign: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "https://evil.example" }];
    for (const headers of foreign) {
      const request = new Request(`${ORIGIN}/api/rooms/${room}/events`, { headers });
      const response = await GET(request, { params: Promise.resolve({ room }) });
      held.push(response);
      expect(response.status).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("cross_site");
    }
    expect((await readPresence(await getKv(), room)).online).toBe(0);
    for (const response of held) await response.body?.cancel().catch(() => undefined);
  });

  it("presence: each stream shows its visitor as present (and who they are); closing it removes them", async () => {
    const room = await newRoom();
    const [ann, bob] = [newVisitorId(), newVisitorId()];
    const a = await connect(room, { visitorId: ann });
    const mine = await a.events.until((events) => presenceIn(events).some((p) => p.online === 1));
    expect(presenceIn(mine).at(-1)).toEqual({
      online: 1,
      members: [{ memberId: memberIdOf(ann), name: "Guest" }],
      typing: [],
      you: memberIdOf(ann),
    });
    const b = await connect(room, { visitorId: bob });
    await a.events.until((events) => presenceIn(events).some((p) => p.online === 2), 3_000, "Bob to appear for Ann");
    const bobView = await b.events.until((events) => presenceIn(events).some((p) => p.online === 2));
    expect(presenceIn(bobView).at(-1)?.you).toBe(memberIdOf(bob));
    // The visitor id itself never appears on the wire.
    expect(JSON.stringify(a.events.events)).not.toContain(bob);

    await b.abort();
    await a.events.until((events) => presenceIn(events).at(-1)?.online === 1, 3_000, "Bob to leave");
    await a.abort();
  });

  it("a visitor without the cookie gets one with the stream, and is present under it", async () => {
    const room = await newRoom();
    const stream = await connect(room, { visitorId: null });
    const cookie = stream.response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^lkv_vid=[\w-]{22}\.[\w-]{22};/);
    const visitorId = cookie.slice("lkv_vid=".length, cookie.indexOf("."));
    const events = await stream.events.until((all) => presenceIn(all).some((p) => p.online === 1));
    expect(presenceIn(events).at(-1)?.you).toBe(memberIdOf(visitorId));
    await stream.abort();
  });

  it("edits, reactions and deletes made while a client was away reach it when it reconnects with Last-Event-ID", async () => {
    const kv = await getKv();
    const room = await newRoom();
    const ann = memberIdOf(newVisitorId());
    const first = await connect(room, { lastEventId: "0" });
    await sendMessage(kv, room, { author: "Ann", text: "draft" }, ann);
    await sendMessage(kv, room, { author: "Ann", text: "oops" }, ann);
    const seen = await first.events.until((events) => seqsIn(events).length === 2, 5_000, "two messages");
    const lastId = messageEventsIn(seen).at(-1)?.id;
    await first.abort();

    await editMessage(kv, room, "1", "final", ann);
    await setReaction(kv, room, "1", "like", true, "someone");
    await deleteMessage(kv, room, "2", ann);
    await sendMessage(kv, room, { author: "Ann", text: "after" }, ann);

    const again = await connect(room, { lastEventId: lastId });
    const events = await again.events.until((all) => seqsIn(all).length === 1, 5_000, "the message sent while away");
    const updates = events.filter((event) => event.type === "updates");
    expect(updates.flatMap((event) => (event.data as ChatMessage[]).map((m) => [m.id, m.text, m.deleted ?? false]))).toEqual([
      ["1", "final", false],
      ["1", "final", false],
      ["2", "", true],
    ]);
    expect((updates[0].data as ChatMessage[])[0]).toMatchObject({ editedAt: expect.any(Number) });
    // Each event's id is where the stream stands, so a further reconnect resumes after it.
    expect(events.filter((event) => event.id !== undefined).map((event) => event.id)).toEqual(["5", "6"]);
    expect(messagesIn(events).map(({ message }) => message.text)).toEqual(["after"]);
    await again.abort();
  });
});
