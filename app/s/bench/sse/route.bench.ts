// bench:sse's Next.js floor: an SSE broadcast served by this same Next.js server with no
// Redis, no watch and no feed — GET ?key=K streams, POST ?key=K&bytes=N sends every stream on
// K one prebuilt frame. "LiveKV app ÷ this" is what LiveKV itself adds; "this ÷ the bare
// Node server" is what Next.js route handlers and their web streams cost. A route only in the
// benchmarks' own build (the .bench.ts extension, next.config.ts), so the app has no such
// route. Under /s/, as the app's streams are (served by its node:http front), it skips proxy.ts.

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const encoder = new TextEncoder();

interface Channel {
  n: number;
  streams: Set<ReadableStreamDefaultController<Uint8Array>>;
}

// GET and POST, both in this module, share its channels.
const channels = new Map<string, Channel>();

function channel(key: string): Channel {
  let found = channels.get(key);
  if (!found) channels.set(key, (found = { n: 0, streams: new Set() }));
  return found;
}

// The same envelope and size as bench/sse/baseline-frame.ts (kept apart: app code does not import bench code).
function frame(n: number, bytes: number): Uint8Array {
  const head = `id: ${n}\ndata: {"type":"stats","data":{"n":${n},"pad":"`;
  const tail = `"}}\n\n`;
  return encoder.encode(head + "x".repeat(Math.max(0, bytes - head.length - tail.length)) + tail);
}

export function GET(request: Request): Response {
  const url = new URL(request.url);
  const ch = channel(url.searchParams.get("key") ?? "");
  const bytes = Number(url.searchParams.get("bytes") ?? 0);
  let self: ReadableStreamDefaultController<Uint8Array> | undefined;
  const leave = (): void => {
    if (self) ch.streams.delete(self);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      self = controller;
      ch.streams.add(controller);
      controller.enqueue(encoder.encode("retry: 2000\n"));
      controller.enqueue(frame(ch.n, bytes));
      request.signal.addEventListener("abort", leave, { once: true });
    },
    cancel: leave,
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform" },
  });
}

export function POST(request: Request): Response {
  const url = new URL(request.url);
  const ch = channel(url.searchParams.get("key") ?? "");
  const chunk = frame(++ch.n, Number(url.searchParams.get("bytes") ?? 0));
  for (const controller of ch.streams) controller.enqueue(chunk);
  return new Response(null, { status: 204 });
}
