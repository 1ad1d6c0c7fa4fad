// Editing, deleting and reacting to messages, against a real redis-server: who may, what is
// stored, and that streams (live or resumed from any id) carry every change in order.
import { describe, expect, it } from "vitest";
import { useKvTestEnv } from "@/lib/kv/test-support";
import type { SseEvent } from "@/lib/sse";
import { messageKey, roomKey } from "../keys";
import { createRoom } from "../rooms/rooms";
import { chatError } from "../test-support";
import type { ChatMessage, MessageUpdate, RoomRecord } from "../types";
import { deleteMessage, editMessage, setReaction } from "./change";
import { messageEvents } from "./message-events";
import { listMessages } from "./messages";
import { sendMessage } from "./send";

const env = useKvTestEnv();

async function lobbyWith(...texts: string[]) {
  const kv = await env.open();
  await createRoom(kv, "Lobby", 0);
  for (const text of texts) await sendMessage(kv, "lobby", { author: "Ann", text }, "ann", () => 1_000);
  return kv;
}

/** The next `count` events' types, ids and the texts they carry. */
async function next(events: AsyncIterator<SseEvent>, count: number): Promise<[string, string | undefined, string[]][]> {
  const out: [string, string | undefined, string[]][] = [];
  for (let i = 0; i < count; i++) {
    const { value } = await events.next();
    const event = value as SseEvent;
    out.push([event.event ?? "", event.id, (event.data as ChatMessage[]).map((m) => (m.deleted ? "(deleted)" : m.text))]);
  }
  return out;
}

describe("editMessage", () => {
  it("its author changes the text: stored in place, marked edited, and added to the log, in one commit", async () => {
    const kv = await lobbyWith("helo", "second");
    const { message, changed } = await editMessage(kv, "lobby", "1", " hello ", "ann", () => 9_000);
    expect(changed).toBe(true);
    expect(message).toMatchObject({ id: "1", seq: 1, text: "hello", editedAt: 9_000, author: "Ann", memberId: "ann", rev: 3 });
    const [stored, update, room] = await kv.getMany<[ChatMessage, MessageUpdate, RoomRecord]>([
      messageKey("lobby", 1),
      messageKey("lobby", 3),
      roomKey("lobby"),
    ]);
    expect(stored.value).toEqual(message);
    expect(update.value).toEqual({ seq: 3, update: message });
    expect(room.value).toMatchObject({ messageCount: 2, lastSeq: 3, lastMessage: { text: "second" } });
    expect(new Set([stored.versionstamp, update.versionstamp, room.versionstamp]).size).toBe(1);
    // History shows the latest state, and a page counts messages, not log entries.
    const page = await listMessages(kv, "lobby", { limit: 2 });
    expect(page.messages.map((m) => [m.seq, m.text])).toEqual([[1, "hello"], [2, "second"]]);
    expect(page.before).toBeNull();
    expect((await listMessages(kv, "lobby", { after: "0" })).messages.map((m) => m.seq)).toEqual([1, 2]);
    // The next message goes after the update.
    expect((await sendMessage(kv, "lobby", { author: "Ann", text: "third" }, "ann")).message.seq).toBe(4);
  });

  it("only its author may: anyone else gets 403 and nothing changes; the same text again changes nothing", async () => {
    const kv = await lobbyWith("mine");
    const refused = await chatError(editMessage(kv, "lobby", "1", "yours now", "bob"));
    expect([refused.status, refused.code]).toEqual([403, "not_your_message"]);
    expect((await kv.get<RoomRecord>(roomKey("lobby"))).value?.lastSeq).toBeUndefined();
    expect(await editMessage(kv, "lobby", "1", "mine", "ann")).toMatchObject({ changed: false, message: { text: "mine" } });
    expect((await listMessages(kv, "lobby")).messages[0]).not.toHaveProperty("editedAt");
  });

  it("refuses an empty text (422), a message that is not there (404), and an update's seq (404)", async () => {
    const kv = await lobbyWith("one");
    expect((await chatError(editMessage(kv, "lobby", "1", "  ", "ann"))).code).toBe("invalid_text");
    expect((await chatError(editMessage(kv, "lobby", "7", "x", "ann"))).code).toBe("message_not_found");
    expect((await chatError(editMessage(kv, "lobby", "x", "x", "ann"))).status).toBe(404);
    await editMessage(kv, "lobby", "1", "two", "ann"); // seq 2 is this update
    expect((await chatError(editMessage(kv, "lobby", "2", "x", "ann"))).code).toBe("message_not_found");
    expect((await chatError(editMessage(kv, "nowhere", "1", "x", "ann"))).status).toBe(404);
  });
});

describe("deleteMessage", () => {
  it("its author deletes it: text and reactions go, its place stays; edits and reactions are refused after", async () => {
    const kv = await lobbyWith("oops");
    await setReaction(kv, "lobby", "1", "like", true, "bob");
    expect((await chatError(deleteMessage(kv, "lobby", "1", "bob"))).code).toBe("not_your_message");
    const { message, changed } = await deleteMessage(kv, "lobby", "1", "ann");
    expect(changed).toBe(true);
    expect(message).toEqual({ id: "1", seq: 1, author: "Ann", text: "", createdAt: 1_000, memberId: "ann", clientId: null, deleted: true, rev: 3 });
    // The rooms list's preview of it says it was deleted, without its text.
    expect((await kv.get<RoomRecord>(roomKey("lobby"))).value?.lastMessage).toMatchObject({ text: "", deleted: true });
    expect((await deleteMessage(kv, "lobby", "1", "ann")).changed).toBe(false);
    expect((await chatError(editMessage(kv, "lobby", "1", "back", "ann"))).code).toBe("message_deleted");
    expect((await chatError(setReaction(kv, "lobby", "1", "like", true, "bob"))).status).toBe(409);
    expect((await listMessages(kv, "lobby")).messages).toEqual([message]);
  });
});

describe("setReaction", () => {
  it("each member adds or takes back their own; counts come from who reacted; repeats change nothing", async () => {
    const kv = await lobbyWith("party?");
    await setReaction(kv, "lobby", "1", "party", true, "bob");
    await setReaction(kv, "lobby", "1", "party", true, "cat");
    expect(await setReaction(kv, "lobby", "1", "party", true, "bob")).toMatchObject({ changed: false });
    const liked = await setReaction(kv, "lobby", "1", "like", true, "bob");
    expect(liked.message.reactions).toEqual({ party: ["bob", "cat"], like: ["bob"] });
    await setReaction(kv, "lobby", "1", "party", false, "bob");
    const { message } = await setReaction(kv, "lobby", "1", "like", false, "bob");
    expect(message.reactions).toEqual({ party: ["cat"] });
    expect((await setReaction(kv, "lobby", "1", "like", false, "bob")).changed).toBe(false);
    await setReaction(kv, "lobby", "1", "party", false, "cat");
    expect((await listMessages(kv, "lobby")).messages[0]).not.toHaveProperty("reactions");
    expect((await chatError(setReaction(kv, "lobby", "1", "poop", true, "bob"))).code).toBe("unknown_reaction");
  });

  it("reactions sent at once by many members all count (each its own commit in the log)", async () => {
    const kv = await lobbyWith("vote");
    const members = Array.from({ length: 30 }, (_, i) => `m${i}`);
    await Promise.all(members.map((member) => setReaction(kv, "lobby", "1", "like", true, member)));
    const [message] = (await listMessages(kv, "lobby")).messages;
    expect(message.reactions?.like?.toSorted()).toEqual(members.toSorted());
    expect((await kv.get<RoomRecord>(roomKey("lobby"))).value).toMatchObject({ messageCount: 1, lastSeq: 31 });
  });
});

describe("room streams carry changes", () => {
  it("live: an edit, a reaction and a delete arrive as updates, in order with new messages", async () => {
    const kv = await lobbyWith("first");
    const stream = messageEvents(kv, "lobby", 2);
    const seen = next(stream, 4);
    await editMessage(kv, "lobby", "1", "first!", "ann");
    await sendMessage(kv, "lobby", { author: "Bob", text: "hi" }, "bob");
    await setReaction(kv, "lobby", "1", "love", true, "bob");
    await deleteMessage(kv, "lobby", "3", "bob");
    expect(await seen).toEqual([
      ["updates", "2", ["first!"]],
      ["messages", "3", ["hi"]],
      ["updates", "4", ["first!"]],
      ["updates", "5", ["(deleted)"]],
    ]);
    await stream.return?.();
  });

  it("resumed from any id (Last-Event-ID): every change made since, and nothing before", async () => {
    const kv = await lobbyWith("a", "b");
    await editMessage(kv, "lobby", "1", "a2", "ann"); // 3
    await sendMessage(kv, "lobby", { author: "Ann", text: "c" }, "ann"); // 4
    await editMessage(kv, "lobby", "2", "b2", "ann"); // 5
    await deleteMessage(kv, "lobby", "4", "ann"); // 6
    // A client that saw up to message 2 (before any change): everything after, in one batch
    // per kind. Message 4, read from the store, already is its latest state (deleted); the
    // update after it says the same again.
    const fromTwo = messageEvents(kv, "lobby", 3);
    expect(await next(fromTwo, 3)).toEqual([
      ["updates", "3", ["a2"]],
      ["messages", "4", ["(deleted)"]],
      ["updates", "6", ["b2", "(deleted)"]],
    ]);
    await fromTwo.return?.();
    // One that saw up to update 5 misses only the delete.
    const fromFive = messageEvents(kv, "lobby", 6);
    expect(await next(fromFive, 1)).toEqual([["updates", "6", ["(deleted)"]]]);
    await fromFive.return?.();
  });
});
