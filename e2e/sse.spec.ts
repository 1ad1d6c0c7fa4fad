// The SSE transport over the app's real server, read with Node's streaming fetch: events
// arrive one at a time while the response is still open (nothing buffers or compresses
// them), and a client that goes away releases its watch on the server.

import { expect, test, type APIRequestContext } from "@playwright/test";
import { settledWatchers, watchers } from "./support/watchers";

const CHROME_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

interface WireEvent {
  id: string;
  type: string;
  data: { clicks?: number };
}

/** Reads SSE frames off a fetch body one at a time, as a browser's EventSource would. */
class EventReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #decoder = new TextDecoder();
  #buffer = "";
  /** Every chunk as it arrived, to show what came when. */
  readonly chunks: string[] = [];

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** The next event (comments and the retry hint skipped); fails if the stream ends first. */
  async next(timeoutMs = 5_000): Promise<WireEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.#takeFrame();
      if (frame !== null) {
        const event = parseFrame(frame);
        if (event !== null) return event;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms; received: ${JSON.stringify(this.chunks)}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), left);
      });
      const { done, value } = await Promise.race([this.#reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (done) throw new Error("the stream ended");
      const text = this.#decoder.decode(value, { stream: true });
      this.chunks.push(text);
      this.#buffer += text;
    }
  }

  #takeFrame(): string | null {
    const end = this.#buffer.indexOf("\n\n");
    if (end === -1) return null;
    const frame = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end + 2);
    return frame;
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

function parseFrame(frame: string): WireEvent | null {
  let id = "";
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line.startsWith("id:")) id = line.slice(3).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (data.length === 0) return null;
  const envelope = JSON.parse(data.join("\n")) as { type: string; data: WireEvent["data"] };
  return { id, type: envelope.type, data: envelope.data };
}

/** Open streams as /api/metrics reports them (served by Next; the streams by the server's front). */
async function openStreams(request: APIRequestContext): Promise<number> {
  const text = await (await request.get("/api/metrics")).text();
  const line = /^livekv_sse_connections (\d+)$/m.exec(text);
  if (line === null) throw new Error("no livekv_sse_connections in /api/metrics");
  return Number(line[1]);
}

async function newLink(request: APIRequestContext, baseURL: string): Promise<string> {
  const response = await request.post("/api/links", { data: { url: `${baseURL}/?sse=${Date.now()}` } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

test("stats events arrive one at a time on an open stream, counted in /api/metrics, and closing it releases the watch", async ({ request, baseURL }) => {
  const origin = baseURL ?? "";
  const code = await newLink(request, origin);
  const before = await settledWatchers(request);
  const streamsBefore = await openStreams(request);

  const abort = new AbortController();
  const response = await fetch(`${origin}/api/links/${code}/events`, {
    headers: { accept: "text/event-stream" },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  expect(response.headers.get("cache-control")).toContain("no-transform");
  // Compression would hold small events back until a block fills.
  expect(response.headers.get("content-encoding")).toBeNull();
  if (response.body === null) throw new Error("no body");
  const events = new EventReader(response.body);

  // The current state first, received while the response is still open…
  const first = await events.next();
  expect(first).toMatchObject({ type: "stats", data: { clicks: 0 } });
  expect(first.id).not.toBe("");
  expect(events.chunks.join("")).toMatch(/^retry: \d+\n/);
  expect(await watchers(request)).toBe(before + 1);
  expect(await openStreams(request)).toBe(streamsBefore + 1);

  // …then one event per change, on the same connection.
  for (const clicks of [1, 2]) {
    const clicked = await fetch(`${origin}/s/${code}`, { redirect: "manual", headers: { "user-agent": CHROME_UA } });
    expect(clicked.status).toBe(302);
    const started = Date.now();
    const next = await events.next();
    expect(next).toMatchObject({ type: "stats", data: { clicks } });
    expect(Date.now() - started).toBeLessThan(1_000);
  }

  // The client goes away: the server cancels the watch.
  await events.cancel();
  abort.abort();
  await expect.poll(() => watchers(request), { timeout: 5_000 }).toBe(before);
  await expect.poll(() => openStreams(request), { timeout: 5_000 }).toBe(streamsBefore);
});

test("the list's counts stream sends the full map first, then each change", async ({ request, baseURL }) => {
  const origin = baseURL ?? "";
  const [a, b] = [await newLink(request, origin), await newLink(request, origin)];
  const abort = new AbortController();
  const response = await fetch(`${origin}/api/links/events?codes=${a},${b}`, { signal: abort.signal });
  if (response.body === null) throw new Error("no body");
  const events = new EventReader(response.body);
  try {
    expect(await events.next()).toMatchObject({ type: "counts", data: { [a]: 0, [b]: 0 } });
    await fetch(`${origin}/s/${b}`, { redirect: "manual", headers: { "user-agent": CHROME_UA } });
    expect(await events.next()).toMatchObject({ type: "counts", data: { [a]: 0, [b]: 1 } });
  } finally {
    await events.cancel();
    abort.abort();
  }
});
