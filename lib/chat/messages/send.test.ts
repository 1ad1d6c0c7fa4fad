// Sending and reading messages against a real redis-server.
import { describe, expect, it } from "vitest";
import { useKvTestEnv, uniquePrefix } from "@/lib/kv/test-support";
import { clientIdKey, messageKey, nameKey, roomKey, typingKey } from "../keys";
import { listMessages } from "./messages";
import { setTyping } from "../presence/presence";
import { createRoom } from "../rooms/rooms";
import { sendMessage } from "./send";
import { chatError } from "../test-support";
import type { ChatMessage, RoomRecord } from "../types";

const env = useKvTestEnv();

describe("sendMessage", () => {
  it("writes the message and the room's activity marker in one commit", async () => {
    const kv = await env.open();
    await createRoom(kv, "Lobby", 1_000);
    const { message, created } = await sendMessage(kv, "lobby", { author: " Ann ", text: " hi \r\n there " }, "member-a", () => 5_000);
    expect(created).toBe(true);
    expect(message).toEqual({
      id: "1",
      seq: 1,
      author: "Ann",
      text: "hi \n there",
      createdAt: 5_000,
      memberId: "member-a",
      clientId: null,
    });
    const [stored, room, name] = await kv.getMany<[ChatMessage, RoomRecord, { name: string }]>([
      messageKey("lobby", 1),
      roomKey("lobby"),
      nameKey("lobby", "member-a"),
    ]);
    expect(stored.value).toEqual(message);
    expect(room.value).toMatchObject({ messageCount: 1, lastActivity: 5_000, lastMessage: { author: "Ann", text: "hi there" } });
    // One commit: one versionstamp for the message, the room and the presence name.
    expect(room.versionstamp).toBe(stored.versionstamp);
    expect(name.versionstamp).toBe(stored.versionstamp);
    expect(name.value).toEqual({ name: "Ann" });
  });

  it("clears the sender's typing in the same commit", async () => {
    const kv = await env.open();
    await createRoom(kv, "Lobby");
    await setTyping(kv, "lobby", "member-a", true);
    expect((await kv.get(typingKey("lobby", "member-a"))).value).not.toBeNull();
    await sendMessage(kv, "lobby", { author: "Ann", text: "done" }, "member-a");
    expect((await kv.get(typingKey("lobby", "member-a"))).value).toBeNull();
  });

  it("numbers messages 1, 2, 3… in commit order, with no gap or duplicate, across processes", async () => {
    const prefix = uniquePrefix("chat-seq");
    // Two Kv instances on one keyspace are two app processes: each with its own queue.
    const [a, b] = [await env.open(prefix), await env.open(prefix)];
    await createRoom(a, "Race");
    const sends = Array.from({ length: 60 }, (_, i) =>
      sendMessage(i % 2 === 0 ? a : b, "race", { author: "x", text: `m${i}` }, `member-${i % 2}`),
    );
    const results = await Promise.all(sends);
    expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const page = await listMessages(a, "race", { limit: 100 });
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // Key order is commit order: each message's versionstamp is newer than the one before.
    const stamps = (await a.getMany(page.messages.slice(0, 10).map((m) => messageKey("race", m.seq)))).map((e) => e.versionstamp);
    expect([...stamps].sort()).toEqual(stamps);
    expect((await a.get<RoomRecord>(roomKey("race"))).value?.messageCount).toBe(60);
  });

  it("sends to one room from one process are committed in groups, in the order they were made", async () => {
    const kv = await env.open();
    await createRoom(kv, "Busy");
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sendMessage(kv, "busy", { author: `a${i % 3}`, text: `m${i}` }, `member-${i % 3}`)),
    );
    expect(results.map((r) => r.message.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(results.map((r) => r.message.text)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
    const stamps = new Set(
      (await Promise.all(results.map((r) => kv.get(messageKey("busy", r.message.seq))))).map((e) => e.versionstamp),
    );
    // The first goes alone, at once; the 29 that queued behind it share the next commit.
    expect(stamps.size).toBeLessThanOrEqual(3);
    const room = await kv.get<RoomRecord>(roomKey("busy"));
    expect(room.value).toMatchObject({ messageCount: 30, lastMessage: { author: "a2", text: "m29" } });
    // Everyone's name is set, from the last message each of them sent.
    expect((await kv.get(nameKey("busy", "member-0"))).value).toEqual({ name: "a0" });
  });

  it("the same clientId twice in one group is one message", async () => {
    const kv = await env.open();
    await createRoom(kv, "Lobby");
    const input = { author: "Ann", text: "double", clientId: "same-group-01" };
    const [first, second, third] = await Promise.all([
      sendMessage(kv, "lobby", { author: "x", text: "opens the group" }, "other"),
      sendMessage(kv, "lobby", input, "m"),
      sendMessage(kv, "lobby", input, "m"),
    ]);
    expect(first.message.seq).toBe(1);
    expect(second).toMatchObject({ created: true, message: { seq: 2, text: "double" } });
    expect(third).toEqual({ created: false, message: second.message });
    expect((await listMessages(kv, "lobby")).messages).toHaveLength(2);
  });

  it("a clientId sent twice stores the message once and returns the first", async () => {
    const kv = await env.open();
    await createRoom(kv, "Lobby");
    const input = { author: "Ann", text: "once", clientId: "retry-me-0001" };
    const first = await sendMessage(kv, "lobby", input, "member-a");
    const again = await sendMessage(kv, "lobby", { ...input, text: "changed" }, "member-a");
    expect(again).toEqual({ message: first.message, created: false });
    expect((await listMessages(kv, "lobby")).messages).toHaveLength(1);
    // Scoped to the member: another member's message with the same clientId is its own.
    const other = await sendMessage(kv, "lobby", input, "member-b");
    expect(other.created).toBe(true);
    expect(other.message.seq).toBe(2);
    expect((await kv.get(clientIdKey("lobby", { id: "member-a", isNew: false }, "retry-me-0001"))).value).toBe(1);
  });

  it("concurrent duplicates of one clientId (a double click) still store it once", async () => {
    const prefix = uniquePrefix("chat-dup");
    const [a, b] = [await env.open(prefix), await env.open(prefix)];
    await createRoom(a, "Lobby");
    const input = { author: "Ann", text: "double", clientId: "double-click-01" };
    const results = await Promise.all([sendMessage(a, "lobby", input, "m"), sendMessage(b, "lobby", input, "m")]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0].message).toEqual(results[1].message);
    expect((await listMessages(a, "lobby")).messages).toHaveLength(1);
  });

  it("validates before writing: 422 for empty or too long text or author, 404 for no room", async () => {
    const kv = await env.open();
    await createRoom(kv, "Lobby");
    expect((await chatError(sendMessage(kv, "lobby", { author: "Ann", text: " \n " }, "m"))).code).toBe("invalid_text");
    expect((await chatError(sendMessage(kv, "lobby", { author: "Ann", text: "x".repeat(2001) }, "m"))).status).toBe(422);
    expect((await chatError(sendMessage(kv, "lobby", { author: "", text: "hi" }, "m"))).code).toBe("invalid_author");
    expect((await chatError(sendMessage(kv, "lobby", { author: "a".repeat(41), text: "hi" }, "m"))).code).toBe("invalid_author");
    expect((await chatError(sendMessage(kv, "nowhere", { author: "Ann", text: "hi" }, "m"))).status).toBe(404);
    expect((await listMessages(kv, "lobby")).messages).toEqual([]);
  });

  it("keeps message times from going backwards when a process's clock lags", async () => {
    const kv = await env.open();
    await createRoom(kv, "Lobby", 1_000);
    await sendMessage(kv, "lobby", { author: "A", text: "first" }, "m", () => 9_000);
    const { message } = await sendMessage(kv, "lobby", { author: "B", text: "second" }, "m", () => 8_000);
    expect(message.createdAt).toBe(9_000);
  });
});

describe("listMessages", () => {
  async function roomWith(count: number) {
    const kv = await env.open();
    await createRoom(kv, "Log");
    for (let i = 1; i <= count; i++) await sendMessage(kv, "log", { author: "a", text: `m${i}` }, "m");
    return kv;
  }
  const seqs = (messages: ChatMessage[]) => messages.map((m) => m.seq);

  it("pages back from the newest with list cursors, oldest first in each page", async () => {
    const kv = await roomWith(12);
    const latest = await listMessages(kv, "log", { limit: 5 });
    expect(seqs(latest.messages)).toEqual([8, 9, 10, 11, 12]);
    expect(latest.before).toEqual(expect.any(String));
    const older = await listMessages(kv, "log", { limit: 5, before: latest.before });
    expect(seqs(older.messages)).toEqual([3, 4, 5, 6, 7]);
    const oldest = await listMessages(kv, "log", { limit: 5, before: older.before });
    expect(seqs(oldest.messages)).toEqual([1, 2]);
    expect(oldest.before).toBeNull();
    // A page that ends exactly at the first message says so too.
    expect((await listMessages(kv, "log", { limit: 12 })).before).toBeNull();
  });

  it("after=<id> lists what follows, with hasMore", async () => {
    const kv = await roomWith(7);
    const page = await listMessages(kv, "log", { after: "2", limit: 3 });
    expect(seqs(page.messages)).toEqual([3, 4, 5]);
    expect(page.hasMore).toBe(true);
    const rest = await listMessages(kv, "log", { after: "5", limit: 3 });
    expect([seqs(rest.messages), rest.hasMore]).toEqual([[6, 7], false]);
    expect(seqs((await listMessages(kv, "log", { after: "0" })).messages)).toHaveLength(7);
  });

  it("400 for a cursor from elsewhere or a malformed after; 404 for no room", async () => {
    const kv = await roomWith(1);
    expect((await chatError(listMessages(kv, "log", { before: "bm90LWEtY3Vyc29y" }))).code).toBe("invalid_cursor");
    expect((await chatError(listMessages(kv, "log", { after: "x" }))).status).toBe(400);
    expect((await chatError(listMessages(kv, "nope"))).status).toBe(404);
  });
});
