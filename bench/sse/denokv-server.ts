// How a Deno KV app serves live data today, on Node: @deno/kv (SQLite) and one
// kv.watch() per SSE connection. @deno/kv's watch sees only its own process's writes, so
// changes come through this server too: POST /click?key=K is one atomic sum.

import { openKv } from "@deno/kv";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baselineArgs } from "./baseline-frame";
import { serveCounter } from "./counter-server";

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

serveCounter(
  {
    // raw: true — cancelling a default watch in @deno/kv 0.14 can kill Node with an
    // unhandled "watch not found"; every change here changes the key, so both emit the same.
    watch: (key) => kv.watch([["clicks", key]], { raw: true }),
    countOf: (entries) => (entries[0].value === null ? 0 : Number((entries[0].value as CounterValue).value)),
    click: (key) => kv.atomic().sum(["clicks", key], 1n).commit(),
  },
  frameBytes,
);
