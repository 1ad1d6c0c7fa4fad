// Rooms against a real redis-server: unique names, readable ids, the rooms list.
import { describe, expect, it } from "vitest";
import { uniquePrefix, useKvTestEnv } from "@/lib/kv/test-support";
import type { ChatError } from "../errors";
import { createRequest, rememberCreated } from "@/lib/idempotency";
import { roomClientIdsPrefix, roomKey, roomNameKey } from "../keys";
import { createRoom, createRoomOnce, getRoom } from "./rooms";
import { loadRooms } from "./rooms-feed";
import { sendMessage } from "../messages/send";
import { chatError } from "../test-support";
import { foldRoomName } from "../validate";

const env = useKvTestEnv();

describe("createRoom", () => {
  it("stores the record under a slug of the trimmed name, and claims the folded name", async () => {
    const kv = await env.open();
    const room = await createRoom(kv, "  Front-end Guild ", 1_000);
    expect(room).toEqual({
      id: "front-end-guild",
      name: "Front-end Guild",
      createdAt: 1_000,
      lastActivity: 1_000,
      messageCount: 0,
      lastMessage: null,
    });
    expect((await kv.get(roomKey(room.id))).value).toEqual(room);
    expect((await kv.get(roomNameKey(foldRoomName("front-end guild")))).value).toBe(room.id);
    expect(await getRoom(kv, room.id)).toEqual(room);
    expect(await getRoom(kv, "nope")).toBeNull();
    expect(await getRoom(kv, "../etc")).toBeNull();
  });

  it("refuses a name that differs only by case, width or spacing: 409", async () => {
    const kv = await env.open();
    await createRoom(kv, "Lobby");
    for (const name of ["lobby", "LOBBY ", "ｌｏｂｂｙ"]) {
      const error = await chatError(createRoom(kv, name));
      expect([error.status, error.code]).toEqual([409, "room_name_taken"]);
      expect(error.message).toContain(name.trim());
    }
  });

  it("two creators racing for one name: exactly one wins", async () => {
    const kv = await env.open();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createRoom(kv, "Race")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as ChatError).code).toBe("room_name_taken");
  });

  it("a different name with the same slug gets a suffixed id", async () => {
    const kv = await env.open();
    const a = await createRoom(kv, "a b");
    const b = await createRoom(kv, "a-b");
    expect(a.id).toBe("a-b");
    expect(b.id).toMatch(/^a-b-[a-z2-9]{4}$/);
  });

  it("rejects empty and over-long names: 422", async () => {
    const kv = await env.open();
    expect((await chatError(createRoom(kv, "   "))).status).toBe(422);
    expect((await chatError(createRoom(kv, "x".repeat(49)))).code).toBe("invalid_room_name");
  });
});

describe("createRoomOnce with a clientId", () => {
  const client = { clientId: "room-once-0001", scope: { id: "member-a", isNew: false } };

  it("a repeat answers with the room (as it is now), created false, instead of 409 name taken", async () => {
    const kv = await env.open();
    const first = await createRoomOnce(kv, "Retry Room", client, 1_000);
    expect(first.created).toBe(true);
    await sendMessage(kv, first.room.id, { author: "Ann", text: "hi" }, "m1", () => 2_000);
    const again = await createRoomOnce(kv, "Retry Room", client, 3_000);
    expect(again.created).toBe(false);
    expect(again.room).toMatchObject({ id: first.room.id, createdAt: 1_000, messageCount: 1 });
    expect((await loadRooms(kv)).total).toBe(1);
  });

  it("concurrent twins on two app instances make one room, both answered with it", async () => {
    const prefix = uniquePrefix("room-twins");
    const [a, b] = [await env.open(prefix), await env.open(prefix)];
    const results = await Promise.all([createRoomOnce(a, "Twins", client), createRoomOnce(b, "Twins", client)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].room).toEqual(results[1].room);
  });

  // A room's clientIds are kept under its name (in the name's partition on a Redis Cluster, so
  // that the name's claim remembers its clientId): the request a clientId came with is its name,
  // so another name is another create.
  it("the same clientId with another name is another room's create", async () => {
    const kv = await env.open();
    await createRoomOnce(kv, "First Name", client);
    expect((await createRoomOnce(kv, "Second Name", client)).created).toBe(true);
    expect((await loadRooms(kv)).total).toBe(2);
  });

  it("another member with the same name and clientId gets 409: the name is taken, not theirs", async () => {
    const kv = await env.open();
    await createRoomOnce(kv, "Taken", client);
    const other = { ...client, scope: { id: "member-b", isNew: false } };
    const error = await chatError(createRoomOnce(kv, "Taken", other));
    expect([error.status, error.code]).toEqual([409, "room_name_taken"]);
  });
});

describe("createRoom in two steps (the name's claim, then the room)", () => {
  it("a name claimed by a create that stopped before its room is completed by the next create of it, not lost", async () => {
    const kv = await env.open();
    // What a create leaves when it fails between its steps: the claim, and no room.
    await kv.set(roomNameKey(foldRoomName("Half Done")), "half-done");
    expect((await loadRooms(kv)).total).toBe(0);
    const error = await chatError(createRoom(kv, "half done"));
    expect([error.status, error.code]).toEqual([409, "room_name_taken"]);
    expect((await getRoom(kv, "half-done"))?.name).toBe("half done");
    expect((await loadRooms(kv)).total).toBe(1);
  });

  it("a retry of such a create (its clientId remembered with the claim) answers with the room, completed", async () => {
    const kv = await env.open();
    const client = { clientId: "half-done-01", scope: { id: "member-a", isNew: false } };
    const request = createRequest(roomClientIdsPrefix(foldRoomName("Second Half")), ["Second Half"], client);
    await rememberCreated(kv.atomic().set(roomNameKey(foldRoomName("Second Half")), "second-half"), request, "second-half").commit();
    expect(await getRoom(kv, "second-half")).toBeNull();
    const retried = await createRoomOnce(kv, "Second Half", { ...client });
    expect([retried.room.id, retried.created]).toEqual(["second-half", false]);
    expect((await loadRooms(kv)).total).toBe(1);
  });
});

describe("loadRooms", () => {
  it("lists rooms by latest activity, with the last message and online count", async () => {
    const kv = await env.open();
    await createRoom(kv, "Old", 1_000);
    await createRoom(kv, "Busy", 2_000);
    await createRoom(kv, "Quiet", 3_000);
    await sendMessage(kv, "busy", { author: "Ann", text: "hello\nthere" }, "m1", () => 4_000);
    const { rooms, total } = await loadRooms(kv);
    expect(total).toBe(3);
    expect(rooms.map((room) => room.id)).toEqual(["busy", "quiet", "old"]);
    expect(rooms[0]).toMatchObject({
      messageCount: 1,
      lastActivity: 4_000,
      lastMessage: { author: "Ann", text: "hello there", createdAt: 4_000 },
      online: 0,
    });
  });
});
