// LiveKV without Next.js: the @deno/kv server's exact shape (node:http, one kv.watch() per
// SSE connection, POST /click?key=K is one atomic sum) on lib/kv and the bench's Redis. Beside
// the @deno/kv server it compares the two stores on the same transport; beside the app it
// shows what Next.js route handlers add.

import { openKv, type KvU64 } from "../../lib/kv";
import { baselineArgs } from "./baseline-frame";
import { serveCounter } from "./counter-server";

const { frameBytes } = baselineArgs();
const url = process.env.REDIS_URL;
if (!url) throw new Error("REDIS_URL is not set");
// A prefix of its own, so repeated runs on one Redis never see each other's counters.
const kv = await openKv({ url, prefix: `bench-sse-${process.pid}-${Date.now()}` });
process.on("SIGTERM", () => {
  void kv.close().finally(() => process.exit(0));
});

serveCounter(
  {
    watch: (key) => kv.watch<[KvU64]>([["clicks", key]]),
    countOf: (entries) => (entries[0].value === null ? 0 : Number(entries[0].value.value)),
    click: (key) => kv.atomic().sum(["clicks", key], 1n).commit(),
  },
  frameBytes,
);
