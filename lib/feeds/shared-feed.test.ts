import { describe, expect, it, vi } from "vitest";
import { RedisUnavailableError } from "@/lib/redis/unavailable";
import { FeedRegistry, pullFrom, type Producer } from "./shared-feed";
import type { PushListener } from "./push-source";

/** A producer driven by hand: emit() values, end() or fail() it, and see whether it runs. */
function manualProducer<T>() {
  const state = { starts: 0, running: false, emit: (_value: T): void => undefined, finish: (_error?: unknown): void => undefined };
  const produce: Producer<T> = (emit, signal) =>
    new Promise<void>((resolve, reject) => {
      state.starts++;
      state.running = true;
      state.emit = emit;
      state.finish = (error) => (error === undefined ? resolve() : reject(error));
      signal.addEventListener("abort", () => resolve(), { once: true });
    }).finally(() => {
      state.running = false;
    });
  return { state, produce: () => produce };
}

function recorder<T>(): PushListener<T> & { values: T[]; ended: { error: unknown } | null } {
  const r = {
    values: [] as T[],
    ended: null as { error: unknown } | null,
    next: (value: T) => void r.values.push(value),
    end: (error?: unknown) => void (r.ended = { error }),
  };
  return r;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("FeedRegistry", () => {
  it("runs one producer for every reader of a name, pushes each value to all, and stops with the last reader", async () => {
    const feeds = new FeedRegistry<number>();
    const owner = {};
    const { state, produce } = manualProducer<number>();
    const a = recorder<number>();
    const b = recorder<number>();
    const stopA = feeds.source(owner, "x", produce).listen(a);
    const stopB = feeds.source(owner, "x", produce).listen(b);
    expect(state.starts).toBe(1);
    state.emit(1);
    state.emit(2);
    expect(a.values).toEqual([1, 2]);
    expect(b.values).toEqual([1, 2]);
    // A late reader starts from the current value.
    const c = recorder<number>();
    const stopC = feeds.source(owner, "x", produce).listen(c);
    expect(c.values).toEqual([2]);

    stopA();
    stopB();
    expect(feeds.running(owner)).toBe(1);
    stopC();
    await tick();
    expect(state.running).toBe(false);
    expect(feeds.running(owner)).toBe(0);
    // The next reader starts it afresh.
    feeds.source(owner, "x", produce).listen(recorder())();
    expect(state.starts).toBe(2);
  });

  it("ends every reader when the producer ends, passing on its failure", async () => {
    const feeds = new FeedRegistry<number>();
    const { state, produce } = manualProducer<number>();
    const a = recorder<number>();
    feeds.source({}, "x", produce).listen(a);
    const failure = new Error("watch lost");
    state.finish(failure);
    await tick();
    expect(a.ended).toEqual({ error: failure });
  });

  it("a producer that fails because Redis is away is started again; its readers stay and get its state", async () => {
    const feeds = new FeedRegistry<number>();
    const { state, produce } = manualProducer<number>();
    const owner = {};
    const a = recorder<number>();
    const b = recorder<number>();
    feeds.source(owner, "x", produce).listen(a);
    feeds.source(owner, "x", produce).listen(b);
    state.emit(1);
    state.finish(new RedisUnavailableError("No connection to Redis within 2000 ms: the command was not sent."));
    await vi.waitFor(() => expect(state.starts).toBe(2), { timeout: 5_000 });
    state.emit(2);
    for (const reader of [a, b]) {
      expect(reader.ended).toBeNull();
      expect(reader.values).toEqual([1, 2]);
    }
  });

  it("lets a pull reader skip to the newest value when it reads slower than values come", async () => {
    const feeds = new FeedRegistry<number>();
    const { state, produce } = manualProducer<number>();
    const reader = feeds.subscribe({}, "x", produce);
    state.emit(1);
    state.emit(2);
    state.emit(3);
    expect(await reader.next()).toEqual({ done: false, value: 3 });
    await reader.return?.();
    await tick();
    expect(state.running).toBe(false);
  });
});

describe("pullFrom", () => {
  it("does not listen at all when its signal has already aborted", () => {
    let listened = 0;
    const reader = pullFrom({ listen: () => (listened++, () => undefined) }, AbortSignal.abort());
    expect(listened).toBe(0);
    return expect(reader.next()).resolves.toEqual({ done: true, value: undefined });
  });
});
