// How a Deno KV app serves live data today, on Node: @deno/kv (SQLite) and one
// kv.watch() per SSE connection. @deno/kv's watch sees only its own process's writes, so
// changes come through this server too: POST /click?key=K is one atomic sum.

import { openKv } from "@deno/kv";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baselineArgs, baselineFrame, LISTENING_PREFIX, SSE_HEAD } from "./baseline-frame";

interface CounterValue {
  value: bigint;
}

const { frameBytes } = baselineArgs();
// A file, not :memory:, as an app would run it; removed when the parent stops us.
const dir = mkdtempSync(join(tmpdir(), "livekv-bench-sse-denokv-"));
const kv = await openKv(join(dir, "bench.sqlite"));
process.on("SIGTERM", () => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const key = url.searchParams.get("key") ?? "";
  if (req.method === "GET" && url.pathname === "/events") {
    res.writeHead(200, SSE_HEAD);
    res.write("retry: 2000\n");
    // raw: true — cancelling a default watch in @deno/kv 0.14 can kill Node with an
    // unhandled "watch not found"; every change here changes the key, so both emit the same.
    const reader = kv.watch([["clicks", key]], { raw: true }).getReader();
    res.on("close", () => void reader.cancel().catch(() => {}));
    void (async () => {
      let id = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done || res.destroyed) return;
        const entry = value[0];
        const n = entry.value === null ? 0 : Number((entry.value as CounterValue).value);
        res.write(baselineFrame(++id, n, frameBytes));
      }
    })().catch(() => res.destroy());
    return;
  }
  if (req.method === "POST" && url.pathname === "/click") {
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
