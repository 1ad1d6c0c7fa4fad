// The shared per-room log behind every room stream, against a real redis-server.
import { describe, expect, it } from "vitest";
import { useKvTestEnv, itOnOneServer } from "@/lib/kv/test-support";
import type { SseEvent } from "@/lib/sse";
import { messageEvents } from "./message-events";
import { joinRoomLog, runningRoomLogs, WINDOW } from "./room-log";
import { createRoom } from "../rooms/rooms";
import { sendMessage } from "./send";
import { MAX_MESSAGES_PER_EVENT, type ChatMessage } from "../types";

const env = useKvTestEnv();

async function roomWith(count: number) {
  const kv = await env.open();
  await createRoom(kv, "Log");
  for (let i = 1; i <= count; i++) await sendMessage(kv, "log", { author: "a", text: `m${i}` }, "m");
  return kv;
}

/** The seqs of the next `count` messages, whatever events they come in. */
async function take(events: AsyncIterator<SseEvent>, count: number, counter = { events: 0 }): Promise<number[]> {
  const seqs: number[] = [];
  while (seqs.length < count) {
    counter.events++;
    const { done, value } = await events.next();
    if (done) throw new Error(`ended after ${seqs.length}`);
    const messages = value.data as ChatMessage[];
    expect(value.id).toBe(messages.at(-1)?.id);
    seqs.push(...messages.map((message) => message.seq));
  }
  return seqs;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("room log", () => {
  it("every stream to a room shares one log; it stops when the last one leaves", async () => {
    const kv = await roomWith(0);
    const streams = Array.from({ length: 20 }, () => messageEvents(kv, "log", 1));
    expect(runningRoomLogs(kv)).toBe(1);
    const reading = streams.map((stream) => take(stream, 30));
    for (let i = 1; i <= 30; i++) await sendMessage(kv, "log", { author: "a", text: `m${i}` }, "m");
    for (const seqs of await Promise.all(reading)) expect(seqs).toEqual(range(1, 30));
    await Promise.all(streams.map((stream) => stream.return?.()));
    expect(runningRoomLogs(kv)).toBe(0);
  });

  it("a log whose last reader leaves while it starts opens no watch", async () => {
    const kv = await roomWith(0);
    // A client that closes its stream at once: the log is still reading the room record.
    for (let i = 0; i < 5; i++) await messageEvents(kv, "log", 1).return?.();
    expect(runningRoomLogs(kv)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(kv.watchStats().watchers).toBe(0);
  });

  it("a cursor far behind the in-memory window reads the store, then joins the window, in order", async () => {
    const kv = await roomWith(5);
    const keepAlive = joinRoomLog(kv, "log"); // the log runs while the burst is sent
    await keepAlive.started;
    const total = WINDOW + 250;
    for (let i = 6; i <= total; i++) await sendMessage(kv, "log", { author: "a", text: `m${i}` }, "m");
    const fromStart = messageEvents(kv, "log", 1);
    const counter = { events: 0 };
    expect(await take(fromStart, total, counter)).toEqual(range(1, total));
    // Caught up in full events (MAX_MESSAGES_PER_EVENT each), not one event per message.
    expect(counter.events).toBeLessThanOrEqual(Math.ceil(total / MAX_MESSAGES_PER_EVENT) + 2);
    // And it goes on live from there.
    const live = take(fromStart, 1);
    await sendMessage(kv, "log", { author: "a", text: "live" }, "m");
    expect(await live).toEqual([total + 1]);
    await fromStart.return?.();
    keepAlive.leave();
  }, 60_000);

  itOnOneServer("a store read that meets a hung Redis waits it out: the stream stays open and goes on once Redis is back", async () => {
    const kv = await roomWith(5);
    const keepAlive = joinRoomLog(kv, "log"); // its window starts after message 5
    await keepAlive.started;
    const pid = env.server.pid as number;
    process.kill(pid, "SIGSTOP");
    let reading: Promise<number[]>;
    const fromStart = messageEvents(kv, "log", 1);
    try {
      // Behind the window: the reader needs the store, which does not answer.
      reading = take(fromStart, 5);
      const settled = await Promise.race([
        reading.then(() => "delivered", () => "ended"),
        new Promise((resolve) => setTimeout(() => resolve("waiting"), 5_000)),
      ]);
      expect(settled).toBe("waiting");
    } finally {
      process.kill(pid, "SIGCONT");
    }
    expect(await reading).toEqual(range(1, 5));
    const live = take(fromStart, 1);
    await sendMessage(kv, "log", { author: "a", text: "after" }, "m");
    expect(await live).toEqual([6]);
    await fromStart.return?.();
    keepAlive.leave();
  }, 30_000);

  it("a reader that stops reading holds a cursor, not a queue, and resumes where it was", async () => {
    const kv = await roomWith(0);
    const slow = messageEvents(kv, "log", 1);
    const fast = messageEvents(kv, "log", 1);
    const fastReading = take(fast, 50);
    for (let i = 1; i <= 50; i++) await sendMessage(kv, "log", { author: "a", text: `m${i}` }, "m");
    expect(await fastReading).toEqual(range(1, 50));
    expect(await take(slow, 50)).toEqual(range(1, 50));
    await slow.return?.();
    await fast.return?.();
  });

  it("readers fail (and their clients resume elsewhere) when the Kv goes away", async () => {
    const kv = await roomWith(1);
    const stream = messageEvents(kv, "log", 1);
    expect(await take(stream, 1)).toEqual([1]);
    const outcome = stream.next().then(
      () => "kept going",
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await kv.close();
    expect(await outcome).toMatch(/room log|closed/);
  });
});
