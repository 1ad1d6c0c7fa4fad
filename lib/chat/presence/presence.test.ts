// Presence and typing against a real redis-server: the shared room feed, the keeper that
// keeps open streams present, expiry when a process vanishes, and the rooms list's counts.
import { describe, expect, it } from "vitest";
import { sleep, uniquePrefix, useKvTestEnv, waitFor } from "@/lib/kv/test-support";
import { connectionKey, presencePrefix } from "../keys";
import { PRESENCE_THROTTLE_MS, TYPING_TTL_MS } from "../limits";
import { setPresenceName, setTyping, readPresence } from "./presence";
import { PresenceKeeper } from "./presence-keeper";
import { runningPresenceFeeds, watchRoomPresence } from "./room-presence-feed";
import { createRoom } from "../rooms/rooms";
import { watchRooms } from "../rooms/rooms-feed";
import { sendMessage } from "../messages/send";
import { IteratorProbe } from "../test-support";
import type { PresenceSnapshot } from "../types";

const env = useKvTestEnv();

const names = (snapshot: PresenceSnapshot) => snapshot.members.map((m) => m.name);
const typists = (snapshot: PresenceSnapshot) => snapshot.typing.map((m) => m.name);

async function lobby() {
  const kv = await env.open();
  await createRoom(kv, "Lobby");
  return kv;
}

describe("room presence", () => {
  it("shows who holds a stream, under the name they set, and who is typing", async () => {
    const kv = await lobby();
    const keeper = new PresenceKeeper(kv);
    const feed = new IteratorProbe(watchRoomPresence(kv, "lobby"));
    await feed.until((s) => s.online === 0, 2_000, "the empty room first");

    const releaseAnn = await keeper.hold("lobby", "ann");
    await feed.until((s) => s.online === 1 && names(s)[0] === "Guest", 2_000, "a nameless member");
    await setPresenceName(kv, "lobby", "ann", "  Ann ");
    await feed.until((s) => names(s).join() === "Ann", 2_000, "her name");

    const releaseBob = await keeper.hold("lobby", "bob");
    await setPresenceName(kv, "lobby", "bob", "Bob");
    await feed.until((s) => names(s).join() === "Ann,Bob", 2_000, "both, sorted by name");

    await setTyping(kv, "lobby", "bob", true);
    await feed.until((s) => typists(s).join() === "Bob", 2_000, "Bob typing");
    // Sending ends "typing" in the message's own commit.
    await sendMessage(kv, "lobby", { author: "Bob", text: "hi" }, "bob");
    await feed.until((s) => s.typing.length === 0, 2_000, "typing over");

    releaseBob();
    await feed.until((s) => names(s).join() === "Ann", 2_000, "Bob gone at once when his stream closes");
    releaseAnn();
    await feed.until((s) => s.online === 0, 2_000, "empty again");
    await feed.close();
  });

  it("typing ends by itself after a few seconds", async () => {
    const kv = await lobby();
    const release = await new PresenceKeeper(kv).hold("lobby", "ann");
    const feed = new IteratorProbe(watchRoomPresence(kv, "lobby"));
    await setTyping(kv, "lobby", "ann", true);
    await feed.until((s) => s.typing.length === 1, 2_000, "typing");
    const started = Date.now();
    await feed.until((s) => s.typing.length === 0, TYPING_TTL_MS + 2_000, "typing to expire");
    expect(Date.now() - started).toBeGreaterThan(TYPING_TTL_MS - 1_000);
    await feed.close();
    release();
  });

  it("a process that dies without saying goodbye drops out within the TTL", async () => {
    const prefix = uniquePrefix("chat-ttl");
    const [dying, watching] = [await env.open(prefix), await env.open(prefix)];
    await createRoom(watching, "Lobby");
    const ttlMs = 1_500;
    const keeper = new PresenceKeeper(dying, { ttlMs, refreshMs: 500 });
    await keeper.hold("lobby", "ghost");
    const feed = new IteratorProbe(watchRoomPresence(watching, "lobby"));
    await feed.until((s) => s.online === 1, 2_000, "the member");
    // Refreshes keep the member present past the TTL while the process lives…
    await sleep(ttlMs + 500);
    expect((await readPresence(watching, "lobby")).online).toBe(1);
    // …and when it dies (no release, no delete), the mark runs out.
    const diedAt = Date.now();
    await dying.close();
    await feed.until((s) => s.online === 0, ttlMs + 2_000, "the member to expire");
    expect(Date.now() - diedAt).toBeLessThan(ttlMs + 1_500);
    await waitFor(
      async () => (await watching.get(connectionKey("lobby", "ghost", keeper.instanceId))).value === null,
      "Redis to expire the key too",
    );
    await feed.close();
  });

  it("one member with several streams in a process: one key, present until the last closes", async () => {
    const kv = await lobby();
    const keeper = new PresenceKeeper(kv);
    const first = await keeper.hold("lobby", "ann");
    const second = await keeper.hold("lobby", "ann");
    const keys = async () => {
      const out = [];
      for await (const entry of kv.list({ prefix: presencePrefix("lobby") })) out.push(entry.key);
      return out;
    };
    expect(await keys()).toHaveLength(1);
    first();
    first(); // idempotent: must not release the other stream's hold
    await sleep(100);
    expect((await readPresence(kv, "lobby")).online).toBe(1);
    second();
    await waitFor(async () => (await readPresence(kv, "lobby")).online === 0, "the key to be deleted");
    expect(keeper.size).toBe(0);
  });

  it("a burst of joins is sent as a few updates, not one per join", async () => {
    const kv = await lobby();
    const keeper = new PresenceKeeper(kv);
    const feed = new IteratorProbe(watchRoomPresence(kv, "lobby"));
    await feed.until((s) => s.online === 0, 2_000, "the empty room");
    const releases = await Promise.all(Array.from({ length: 30 }, (_, i) => keeper.hold("lobby", `m${i}`)));
    await feed.until((s) => s.online === 30, 3_000, "all 30");
    // Leading update, then at most one per throttle interval while the burst lasts.
    expect(feed.seen.length).toBeLessThanOrEqual(4);
    await feed.nothingFor(PRESENCE_THROTTLE_MS * 2);
    releases.forEach((release) => release());
    await feed.close();
  });

  it("every viewer of a room shares one feed, which stops when the last leaves", async () => {
    const kv = await lobby();
    const a = new IteratorProbe(watchRoomPresence(kv, "lobby"));
    const b = new IteratorProbe(watchRoomPresence(kv, "lobby"));
    await Promise.all([a.until(() => true), b.until(() => true)]);
    expect(runningPresenceFeeds(kv)).toBe(1);
    await a.close();
    expect(runningPresenceFeeds(kv)).toBe(1);
    await b.close();
    expect(runningPresenceFeeds(kv)).toBe(0);
  });
});

describe("rooms list feed", () => {
  it("updates live: new rooms, activity order, last message, online counts", async () => {
    const kv = await env.open();
    await createRoom(kv, "First", Date.now() - 10_000);
    const feed = new IteratorProbe(watchRooms(kv));
    const ids = (update: { snapshot: { rooms: { id: string }[] } }) => update.snapshot.rooms.map((r) => r.id).join();
    await feed.until((u) => ids(u) === "first", 2_000, "the existing room");

    await createRoom(kv, "Second");
    await feed.until((u) => ids(u) === "second,first", 2_000, "the new room on top");

    await sendMessage(kv, "first", { author: "Ann", text: "back on top" }, "ann");
    const moved = await feed.until((u) => ids(u) === "first,second", 2_000, "activity to reorder");
    expect(moved.snapshot.rooms[0].lastMessage).toMatchObject({ author: "Ann", text: "back on top" });

    const keeper = new PresenceKeeper(kv);
    const releases = [await keeper.hold("second", "a"), await keeper.hold("second", "b"), await keeper.hold("first", "a")];
    const counted = await feed.until(
      (u) => u.snapshot.rooms.map((r) => `${r.id}:${r.online}`).join() === "first:1,second:2",
      2_000,
      "online counts",
    );
    expect(counted.id).toMatch(/^[0-9a-f]{20}$/);
    releases.forEach((release) => release());
    await feed.until((u) => u.snapshot.rooms.every((r) => r.online === 0), 2_000, "everyone gone");
    await feed.close();
  });
});
