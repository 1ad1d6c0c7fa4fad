// One module graph per server process: the live-stream front (server.ts) and Next's route
// handlers run the same modules (@livekv/server, scripts/build-lib.ts), with nothing shared
// through globalThis. A stream the front serves is opened here, and route handlers must see
// it: /api/health counts it among this process's SSE connections (lib/sse/connections.ts) and
// finds its watch in the Kv's watch hub (lib/server/kv.ts), /api/metrics shows the same count.
// Were lib/ loaded twice, those route handlers would read their own, untouched, state.
import { expect, test } from "@playwright/test";

interface Health {
  watch: { watchers: number };
  figures: { sseConnections: number };
}

test("a stream the front serves is seen by the route handlers: one Kv, one set of counts", async ({ request, baseURL }) => {
  const before = (await (await request.get("/api/health")).json()) as Health;

  const open = new AbortController();
  const res = await fetch(`${baseURL}/api/rooms/events`, { signal: open.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  try {
    await reader.read(); // the first event: the stream is open and watching
    const health = async (): Promise<Health> => (await (await request.get("/api/health")).json()) as Health;
    const during = await health();
    expect(during.figures.sseConnections).toBe(before.figures.sseConnections + 1);
    // The first event may be sent before the stream's watch has subscribed.
    await expect.poll(async () => (await health()).watch.watchers).toBeGreaterThan(before.watch.watchers);
    const metrics = await (await request.get("/api/metrics")).text();
    expect(metrics).toMatch(new RegExp(`^livekv_sse_connections ${during.figures.sseConnections}$`, "m"));
  } finally {
    open.abort();
  }
  await expect
    .poll(async () => ((await (await request.get("/api/health")).json()) as Health).figures.sseConnections)
    .toBe(before.figures.sseConnections);
});
