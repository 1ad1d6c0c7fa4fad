// subscribeStream in Node, with a stand-in EventSource: what can be checked without a
// browser (in-tab sharing, reconnect schedule, offline handling). Cross-tab sharing runs
// in real Chromium in client.browser.test.ts.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, BACKOFF_MAX_MS } from "./backoff";
import { LINGER_MS, subscribeStream, type ConnectionStatus, type StreamEvent } from "./subscribe";

class FakeEventSource {
  static all: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string; lastEventId: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.();
  }
  send(type: string, data: unknown, id = ""): void {
    this.onmessage?.({ data: JSON.stringify({ type, data }), lastEventId: id });
  }
  fail(): void {
    this.onerror?.();
  }
  static get open(): FakeEventSource[] {
    return FakeEventSource.all.filter((source) => !source.closed);
  }
}

const windowEvents = new EventTarget();
const navigatorStub = { onLine: true };

function recorder() {
  const events: StreamEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  return {
    events,
    statuses,
    onEvent: (event: StreamEvent) => void events.push(event),
    onStatus: (status: ConnectionStatus) => void statuses.push(status),
  };
}

const flush = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.all = [];
  navigatorStub.onLine = true;
  vi.stubGlobal("EventSource", FakeEventSource);
  // No navigator.locks here: the per-tab path, which is what these tests are about.
  vi.stubGlobal("navigator", navigatorStub);
  vi.stubGlobal("location", { href: "http://app.test/links/abc" });
  vi.stubGlobal("addEventListener", windowEvents.addEventListener.bind(windowEvents));
  vi.stubGlobal("removeEventListener", windowEvents.removeEventListener.bind(windowEvents));
  vi.spyOn(Math, "random").mockReturnValue(0.5);
});

afterEach(async () => {
  await vi.advanceTimersByTimeAsync(LINGER_MS * 2);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("backoffDelay", () => {
  it("doubles from 0.5 s up to 15 s", () => {
    const middle = (): number => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, middle))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
  });

  it("jitters by ±20 % and never exceeds the maximum", () => {
    expect(backoffDelay(0, () => 0)).toBe(400);
    expect(backoffDelay(0, () => 0.999999)).toBe(600);
    expect(backoffDelay(5, () => 0.999999)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(20, () => 0)).toBe(12_000);
  });
});

describe("subscribeStream in one tab", () => {
  it("shares one EventSource among subscribers to one URL, relative or absolute", async () => {
    const a = recorder();
    const b = recorder();
    const stopA = subscribeStream("/api/x/events", a.onEvent, a.onStatus);
    const stopB = subscribeStream("http://app.test/api/x/events", b.onEvent, b.onStatus);
    expect(FakeEventSource.all.map((source) => source.url)).toEqual(["http://app.test/api/x/events"]);
    await flush();
    expect(a.statuses).toEqual(["connecting"]);
    const [source] = FakeEventSource.all;
    source.open();
    source.send("stats", { clicks: 1 }, "v1");
    expect(a.statuses.at(-1)).toBe("live");
    expect(a.events).toEqual([{ type: "stats", id: "v1", data: { clicks: 1 } }]);
    expect(b.events).toEqual(a.events);

    stopA();
    stopA(); // idempotent
    await vi.advanceTimersByTimeAsync(LINGER_MS * 2);
    expect(source.closed).toBe(false);
    stopB();
    await vi.advanceTimersByTimeAsync(LINGER_MS * 2);
    expect(source.closed).toBe(true);
  });

  it("gives a late subscriber the status and recent events, never synchronously", async () => {
    const first = recorder();
    const stop = subscribeStream("/late", first.onEvent, first.onStatus);
    const [source] = FakeEventSource.all;
    source.open();
    source.send("stats", 1, "1");
    source.send("stats", 2, "2");
    const late = recorder();
    const stopLate = subscribeStream("/late", late.onEvent, late.onStatus);
    expect(late.events).toEqual([]);
    await flush();
    expect(late.statuses).toEqual(["live"]);
    expect(late.events.map((event) => event.data)).toEqual([1, 2]);
    expect(FakeEventSource.all).toHaveLength(1);
    stop();
    stopLate();
  });

  it("keeps the stream through a quick unsubscribe/resubscribe (StrictMode, page swaps)", async () => {
    const r = recorder();
    subscribeStream("/strict", r.onEvent, r.onStatus)();
    const stop = subscribeStream("/strict", r.onEvent, r.onStatus);
    await vi.advanceTimersByTimeAsync(LINGER_MS * 2);
    expect(FakeEventSource.all).toHaveLength(1);
    expect(FakeEventSource.open).toHaveLength(1);
    stop();
  });

  it("reconnects with growing delays, resuming from the last id", async () => {
    const r = recorder();
    const stop = subscribeStream("/log?room=a", r.onEvent, r.onStatus);
    await flush();
    let source = FakeEventSource.all[0];
    source.open();
    source.send("message", { text: "hi" }, "m7");
    source.fail();
    expect(source.closed).toBe(true);
    expect(r.statuses.at(-1)).toBe("reconnecting");

    await vi.advanceTimersByTimeAsync(499);
    expect(FakeEventSource.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    source = FakeEventSource.all[1];
    expect(source.url).toBe("http://app.test/log?room=a&lastEventId=m7");
    source.fail(); // refused again: the next wait doubles
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeEventSource.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.all).toHaveLength(3);
    FakeEventSource.all[2].open();
    expect(r.statuses.at(-1)).toBe("live");
    stop();
  });

  it("does not reset the backoff on a server error event", async () => {
    const r = recorder();
    const stop = subscribeStream("/failing", r.onEvent, r.onStatus);
    for (const expected of [500, 1_000, 2_000]) {
      const source = FakeEventSource.all.at(-1)!;
      source.open();
      source.send("error", { message: "stream failed" });
      source.fail();
      const before = FakeEventSource.all.length;
      await vi.advanceTimersByTimeAsync(expected - 1);
      expect(FakeEventSource.all).toHaveLength(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeEventSource.all).toHaveLength(before + 1);
    }
    expect(r.events.filter((event) => event.type === "error")).toHaveLength(3);
    stop();
  });

  it("goes offline without retrying, and reconnects at once when back online", async () => {
    const r = recorder();
    const stop = subscribeStream("/offline", r.onEvent, r.onStatus);
    await flush();
    const first = FakeEventSource.all[0];
    first.open();
    first.send("stats", 1, "v9");
    navigatorStub.onLine = false;
    windowEvents.dispatchEvent(new Event("offline"));
    expect(first.closed).toBe(true);
    expect(r.statuses.at(-1)).toBe("offline");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.all).toHaveLength(1);
    navigatorStub.onLine = true;
    windowEvents.dispatchEvent(new Event("online"));
    expect(FakeEventSource.all).toHaveLength(2);
    expect(FakeEventSource.all[1].url).toBe("http://app.test/offline?lastEventId=v9");
    stop();
  });

  it("shows the server's upstream state as the status, without passing it on as an event", async () => {
    const r = recorder();
    const stop = subscribeStream("/upstream", r.onEvent, r.onStatus);
    const [source] = FakeEventSource.all;
    source.open();
    source.send("stats", 1, "1");
    await flush();
    expect(r.statuses.at(-1)).toBe("live");
    source.send("upstream", { state: "reconnecting" });
    await flush();
    expect(r.statuses.at(-1)).toBe("reconnecting");
    source.send("upstream", { state: "live" });
    source.send("stats", 2, "2");
    await flush();
    expect(r.statuses.at(-1)).toBe("live");
    expect(r.events.map((event) => event.data)).toEqual([1, 2]);
    // The stream stayed up: no reconnect was made.
    expect(FakeEventSource.all).toHaveLength(1);
    stop();
  });

  it("keeps delivering to the others when one subscriber throws", async () => {
    const good = recorder();
    const stopBad = subscribeStream(
      "/throwing",
      () => {
        throw new Error("subscriber bug");
      },
      () => {},
    );
    const stopGood = subscribeStream("/throwing", good.onEvent, good.onStatus);
    const thrown: unknown[] = [];
    const original = globalThis.queueMicrotask;
    vi.stubGlobal("queueMicrotask", (task: () => void) =>
      original(() => {
        try {
          task();
        } catch (error) {
          thrown.push(error);
        }
      }),
    );
    FakeEventSource.all[0].send("stats", 1, "1");
    await flush();
    expect(good.events).toHaveLength(1);
    expect(thrown).toHaveLength(1);
    stopBad();
    stopGood();
  });
});
