// The Backend operations both adapters write the same way, because both stores have
// Deno.Kv's own API for them: plain set and get, and the atomic operations the workload stages.

import type { Backend, BenchKey } from "./backend";

/** The part of Deno.Kv these operations call; @deno/kv's Kv and lib/kv's both have it. */
interface DenoKvShape {
  set(key: BenchKey, value: unknown): Promise<{ versionstamp: string }>;
  get(key: BenchKey): Promise<{ versionstamp: string | null }>;
  atomic(): DenoAtomicShape;
}

interface DenoAtomicShape {
  set(key: BenchKey, value: unknown): DenoAtomicShape;
  sum(key: BenchKey, n: bigint): DenoAtomicShape;
  commit(): Promise<{ ok: true; versionstamp: string } | { ok: false }>;
}

export function denoKvOps(kv: DenoKvShape): Pick<Backend, "set" | "atomicSet" | "get" | "sum"> {
  return {
    async set(key, value) {
      return (await kv.set(key, value)).versionstamp;
    },
    atomicSet(keys, value) {
      const op = kv.atomic();
      for (const key of keys) op.set(key, value);
      return {
        async commit() {
          const result = await op.commit();
          if (!result.ok) throw new Error("commit without checks failed");
          return result.versionstamp;
        },
      };
    },
    async get(key) {
      return (await kv.get(key)).versionstamp;
    },
    async sum(key) {
      await kv.atomic().sum(key, 1n).commit();
    },
  };
}
