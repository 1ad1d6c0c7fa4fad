// Operations per second: `concurrency` loops each awaiting one operation at a time until a
// deadline. concurrency 1 is plain sequential awaits; 32 shows what a store gains from
// pipelining when many requests are in flight (Redis over a socket, SQLite on a thread pool).

import type { Backend } from "./backend";

export const OPS_DURATION_MS = 1_500;
const WARMUP_OPS = 300;
const KEYS = 1_000;

export type OpName = "set" | "get" | "sum";
export interface OpsResult {
  op: OpName;
  concurrency: number;
  opsPerSecond: number;
}

function operation(backend: Backend, op: OpName): (i: number) => Promise<unknown> {
  switch (op) {
    // Rotating over 1,000 keys: a realistic keyspace rather than one hot row.
    case "set":
      return (i) => backend.set(["bench", "ops", i % KEYS], i);
    case "get":
      return (i) => backend.get(["bench", "ops", i % KEYS]);
    // One counter: sums are typically a shared counter, the contended case.
    case "sum":
      return () => backend.sum(["bench", "counter"]);
  }
}

async function rate(run: (i: number) => Promise<unknown>, concurrency: number): Promise<number> {
  for (let i = 0; i < WARMUP_OPS; i++) await run(i);
  let next = 0;
  const started = performance.now();
  const deadline = started + OPS_DURATION_MS;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) await run(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return next / ((performance.now() - started) / 1000);
}

export async function measureOps(backend: Backend, concurrencies: readonly number[]): Promise<OpsResult[]> {
  // get reads keys that exist, as a cache hit would.
  for (let i = 0; i < KEYS; i += 500) {
    await backend.atomicSet(Array.from({ length: 500 }, (_, k) => ["bench", "ops", i + k]), 0).commit();
  }
  const results: OpsResult[] = [];
  for (const op of ["set", "get", "sum"] as const) {
    for (const concurrency of concurrencies) {
      results.push({ op, concurrency, opsPerSecond: await rate(operation(backend, op), concurrency) });
    }
  }
  return results;
}
