// LiveKV without Next.js: the @deno/kv server's exact shape (node:http, one kv.watch() per
// SSE connection, POST /click?key=K is one atomic sum) on lib/kv and the bench's Redis. Beside
// the @deno/kv server it compares the two stores on the same transport; beside the app it
// shows what Next.js route handlers add.

import { createServer } from "node:http";
import { openKv, type KvU64 } from "../../lib/kv";
import { baselineArgs, baselineFrame, LISTENING_PREFIX, SSE_HEAD } from "./baseline-frame";

const { frameBytes } = baselineArgs();
const url = process.env.REDIS_URL;
if (!url) throw new Error("REDIS_URL is not set");
// A prefix of its own, so repeated runs on one Redis never see each other's counters.
const kv = await openKv({ url, prefix: `bench-sse-${process.pid}-${Date.now()}` });
process.on("SIGTERM", () => {
  void kv.close().finally(() => process.exit(0));
});

const server = createServer((req, res) => {
  const requestUrl = new URL(req.url ?? "/", "http://localhost");
  const key = requestUrl.searchParams.get("key") ?? "";
  if (req.method === "GET" && requestUrl.pathname === "/events") {
    res.writeHead(200, SSE_HEAD);
    res.write("retry: 2000\n");
    const reader = kv.watch<[KvU64]>([["clicks", key]]).getReader();
    res.on("close", () => void reader.cancel().catch(() => {}));
    void (async () => {
      let id = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done || res.destroyed) return;
        const entry = value[0];
        res.write(baselineFrame(++id, entry.value === null ? 0 : Number(entry.value.value), frameBytes));
      }
    })().catch(() => res.destroy());
    return;
  }
  if (req.method === "POST" && requestUrl.pathname === "/click") {
    kv.atomic()
      .sum(["clicks", key], 1n)
      .commit()
      .then(
        () => res.writeHead(204).end(),
        () => res.writeHead(500).end(),
      );
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${LISTENING_PREFIX}${typeof address === "object" && address ? address.port : 0}\n`);
});
