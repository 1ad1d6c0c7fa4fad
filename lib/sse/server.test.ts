import { afterEach, describe, expect, it, vi } from "vitest";
import { sseConnectionCounts } from "./connections";
import { sseResponse } from "./server";
import type { SseEvent } from "./protocol";
import { BodyReader, ManualSource, parseEvents, tick } from "./test-support";

const request = (signal?: AbortSignal): Request => new Request("http://test.local/events", { signal });

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("sseResponse", () => {
  it("answers with event-stream headers and flushes a retry hint and a comment first", async () => {
    const source = new ManualSource();
    const response = sseResponse(request(), source, { retryMs: 1234 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("connection")).toBe("close");
    const body = new BodyReader(response);
    // The first chunk is there before the source has produced anything.
    expect(await body.chunk()).toBe("retry: 1234\n: connected\n\n");
    expect(source.nextCalls).toBe(0);
    await body.cancel();
  });

  it("frames each event with its id and a JSON envelope, and ends with the source", async () => {
    async function* events(): AsyncGenerator<SseEvent> {
      yield { id: "1", event: "stats", data: { clicks: 1 } };
      yield { data: "line one\nline two\r\nline three" };
      yield { id: "3", data: undefined };
    }
    const text = await new BodyReader(sseResponse(request(), events())).rest();
    expect(text).toContain('id: 1\ndata: {"type":"stats","data":{"clicks":1}}\n\n');
    expect(parseEvents(text)).toEqual([
      { id: "1", type: "stats", data: { clicks: 1 } },
      { type: "message", data: "line one\nline two\r\nline three" },
      { id: "3", type: "message", data: undefined },
    ]);
    // Every data line is one line of JSON: a newline in a value cannot split an event.
    for (const line of text.split("\n")) {
      if (line.startsWith("data: ")) expect(() => JSON.parse(line.slice(6))).not.toThrow();
    }
  });

  it("takes a ReadableStream (a watch) as its source", async () => {
    const stream = new ReadableStream<SseEvent>({
      start(controller) {
        controller.enqueue({ id: "a", data: 1 });
        controller.enqueue({ id: "b", data: 2 });
        controller.close();
      },
    });
    const text = await new BodyReader(sseResponse(request(), stream)).rest();
    expect(parseEvents(text).map((event) => event.id)).toEqual(["a", "b"]);
  });

  it("is pull-based: it asks the source for one event per read, not ahead", async () => {
    const source = new ManualSource();
    for (let i = 0; i < 100; i += 1) source.push({ id: String(i), data: i });
    const body = new BodyReader(sseResponse(request(), source));
    await body.chunk(); // retry + comment
    await body.chunk(); // event 0
    await tick(20);
    expect(source.nextCalls).toBe(1);
    await body.chunk();
    await tick(20);
    expect(source.nextCalls).toBe(2);
    await body.cancel();
  });

  it("sends heartbeats only while idle, without losing the event it was waiting for", async () => {
    const source = new ManualSource();
    const body = new BodyReader(sseResponse(request(), source, { heartbeatMs: 40 }));
    await body.chunk();
    expect(await body.chunk()).toBe(": heartbeat\n\n");
    expect(await body.chunk()).toBe(": heartbeat\n\n");
    // Still one next() after two heartbeats: the pending one was kept, not re-asked.
    expect(source.nextCalls).toBe(1);
    source.push({ id: "x", data: "late" });
    expect(parseEvents((await body.chunk()) ?? "")).toEqual([{ id: "x", type: "message", data: "late" }]);
    // Busy: events back to back leave no room for a heartbeat.
    for (let i = 0; i < 5; i += 1) {
      source.push({ data: i });
      expect(await body.chunk()).toMatch(/^data: /);
    }
    await body.cancel();
  });

  it("cancels the source and ends the stream when the request is aborted", async () => {
    vi.useFakeTimers();
    const source = new ManualSource();
    const abort = new AbortController();
    const body = new BodyReader(sseResponse(request(abort.signal), source, { heartbeatMs: 1_000 }));
    await body.chunk();
    const pending = body.chunk(); // a pull is now waiting on the source, heartbeat armed
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1);
    abort.abort();
    expect(await pending).toBeNull();
    expect(source.returnCalls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("releases a ReadableStream source when the response body is cancelled", async () => {
    const cancelled = vi.fn();
    const watch = new ReadableStream<SseEvent>({ pull: () => new Promise(() => {}), cancel: cancelled });
    const abort = new AbortController();
    const body = new BodyReader(sseResponse(request(abort.signal), watch, { heartbeatMs: 30 }));
    await body.chunk();
    const reading = body.chunk();
    await tick(5);
    await body.cancel();
    await reading;
    expect(cancelled).toHaveBeenCalledTimes(1);
    // Cleanup is idempotent: the late abort finds nothing left to do.
    abort.abort();
    await tick(50);
    expect(cancelled).toHaveBeenCalledTimes(1);
  });

  it("releases the source even when no read is pending", async () => {
    const source = new ManualSource();
    const abort = new AbortController();
    const body = new BodyReader(sseResponse(request(abort.signal), source));
    await body.chunk();
    abort.abort();
    expect(await body.chunk()).toBeNull();
    expect(source.returnCalls).toBe(1);
  });

  it("starts closed when the request was aborted already", async () => {
    const source = new ManualSource();
    const text = await new BodyReader(sseResponse(request(AbortSignal.abort()), source)).rest();
    expect(text).toBe("");
    expect(source.returnCalls).toBe(1);
  });

  it("answers HEAD with the headers alone: no session, the source let go at once", async () => {
    const source = new ManualSource();
    const response = sseResponse(new Request("http://test.local/events", { method: "HEAD" }), source);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.body).toBeNull();
    await tick();
    expect(source.returnCalls).toBe(1);
    expect(sseConnectionCounts().open).toBe(0);
  });

  it("ends with an error event (a short fixed message) when the source fails", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const source = new ManualSource();
    source.push({ id: "1", data: "ok" });
    const body = new BodyReader(sseResponse(request(), source));
    await body.until(/ok/);
    const rest = body.rest();
    await tick(5);
    source.fail(new Error("redis: connection to 10.0.0.7 refused"));
    const events = parseEvents(await rest);
    expect(events.at(-1)).toEqual({ type: "error", data: { message: expect.any(String) } });
    expect(JSON.stringify(events)).not.toContain("10.0.0.7");
    expect(logged).toHaveBeenCalled();
  });

  it("ends cleanly when an event cannot be serialised, and releases the source", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const source = new ManualSource();
    source.push({ data: { big: 1n } });
    const events = parseEvents(await new BodyReader(sseResponse(request(), source)).rest());
    expect(events).toEqual([{ type: "error", data: { message: expect.any(String) } }]);
    expect(source.returnCalls).toBe(1);
  });

  it("refuses an id that would break the framing", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const source = new ManualSource();
    source.push({ id: "1\ndata: forged", data: 1 });
    const text = await new BodyReader(sseResponse(request(), source)).rest();
    expect(text).not.toContain("forged");
    expect(parseEvents(text)[0]?.type).toBe("error");
  });

  it("rejects nonsensical options", () => {
    expect(() => sseResponse(request(), new ManualSource(), { heartbeatMs: 0 })).toThrow(RangeError);
  });
});
