// @deno/kv (Deno's official Node package, SQLite engine) on a fresh file in a temp dir.

import { openKv } from "@deno/kv";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Backend } from "./backend";
import { denoKvOps } from "./deno-kv-ops";

export async function openDenoKv(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), "livekv-bench-denokv-"));
  const kv = await openKv(join(dir, "bench.sqlite"));
  return {
    label: "@deno/kv (SQLite)",
    watchMode: "watch(keys, { raw: true })",
    ...denoKvOps(kv),
    watch(keys) {
      // raw: true because cancelling a default (unraw) watch in 0.14 makes its background
      // reader hit "watch not found", an unhandled rejection that kills Node (seen in 2 of 6
      // tries with 100 watches). Every commit here changes the watched key, so raw and
      // unraw emit the same snapshots.
      return kv.watch(keys, { raw: true });
    },
    watchReads: () => null,
    serverMemory: async () => null,
    async close() {
      kv.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
