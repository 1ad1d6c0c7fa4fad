// Watch latency, commit → emission: the clock starts just before commit() and stops when a
// watcher's reader receives the snapshot carrying that commit's versionstamp. Every
// watcher that should see a commit is one sample; the first round warms up and is dropped.

import type { Backend, BenchKey } from "./backend";
import { percentile, sortedCopy } from "./stats";
import { WatcherPool, type WatchMode } from "./watcher-pool";

export interface WatchScenario {
  id: string;
  watchers: number;
  /** Distinct keys; watcher i watches key i % keys. */
  keys: number;
}

export interface WatchResult {
  scenario: WatchScenario;
  rounds: number;
  samples: number;
  p50: number;
  p99: number;
  /** Emissions that had not arrived after ROUND_TIMEOUT_MS. */
  missed: number;
  /** Store reads on behalf of watchers per changed key; null where the store has no count. */
  readsPerChange: number | null;
  /** Time from opening the watches to every first emission. */
  openMs: number;
}

export const WATCH_ROUNDS = 20;
const ROUND_TIMEOUT_MS = 10_000;

export async function measureWatch(backend: Backend, scenario: WatchScenario, mode: WatchMode = "stream"): Promise<WatchResult> {
  const keys: BenchKey[] = Array.from({ length: scenario.keys }, (_, k) => ["bench", "watch", scenario.id, k]);
  // Keys exist before anyone watches, so every first emission carries a versionstamp.
  await backend.atomicSet(keys, 0).commit();
  const opened = performance.now();
  const pool = new WatcherPool(backend, keys, scenario.watchers, mode);
  await pool.firstEmissions();
  const openMs = performance.now() - opened;
  globalThis.gc?.();

  const latencies = new Float64Array(WATCH_ROUNDS * scenario.watchers);
  let samples = 0;
  let missed = 0;
  let readsBefore: number | null = null;
  for (let round = 0; round <= WATCH_ROUNDS; round++) {
    if (round === 1) readsBefore = backend.watchReads();
    // One atomic commit changes every key of the scenario (one key, or all 1,000).
    const op = backend.atomicSet(keys, round + 1);
    const started = performance.now();
    const versionstamp = await op.commit();
    const late = await pool.allReceive(versionstamp, ROUND_TIMEOUT_MS);
    if (round === 0) continue;
    missed += late;
    for (let i = 0; i < pool.size; i++) {
      if (pool.seen[i] === versionstamp) latencies[samples++] = pool.at[i] - started;
    }
  }
  const readsAfter = backend.watchReads();
  await pool.cancel();

  const sorted = sortedCopy(latencies.subarray(0, samples));
  return {
    scenario,
    rounds: WATCH_ROUNDS,
    samples,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    missed,
    readsPerChange:
      readsBefore === null || readsAfter === null ? null : (readsAfter - readsBefore) / (WATCH_ROUNDS * scenario.keys),
    openMs,
  };
}
