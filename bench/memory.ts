// Memory per idle watcher: heap and RSS before and after opening N watches that have
// delivered their first emission and now sit waiting, divided by N. Runs in a process of its
// own, so nothing else measured before has left garbage or freed pages to reuse.

import type { Backend, BenchKey } from "./backend";
import { WatcherPool, type WatchMode } from "./watcher-pool";

export interface MemoryResult {
  watchers: number;
  keys: number;
  heapPerWatcher: number;
  rssPerWatcher: number;
  /** Store server memory per watcher (Redis used_memory), or null. */
  serverPerWatcher: number | null;
}

const SETTLE_MS = 500;

function gc(): void {
  if (typeof globalThis.gc !== "function") throw new Error("run node with --expose-gc");
  // Twice: the first pass can leave objects only the second one frees (weak refs, finalizers).
  globalThis.gc();
  globalThis.gc();
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

export async function measureIdleWatchers(
  backend: Backend,
  watchers: number,
  keyCount: number,
  mode: WatchMode = "stream",
): Promise<MemoryResult> {
  const keys: BenchKey[] = Array.from({ length: keyCount }, (_, k) => ["bench", "idle", k]);
  for (let i = 0; i < keyCount; i += 1000) await backend.atomicSet(keys.slice(i, i + 1000), 0).commit();
  // One throwaway watcher first, so lazily loaded code and one-off buffers are not charged
  // to the N measured.
  const warm = new WatcherPool(backend, [["bench", "idle", "warm"]], 1);
  await warm.firstEmissions();

  await settle();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const serverBefore = await backend.serverMemory();

  const pool = new WatcherPool(backend, keys, watchers, mode);
  await pool.firstEmissions();
  await settle();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const rssAfter = process.memoryUsage().rss;
  const serverAfter = await backend.serverMemory();

  const result: MemoryResult = {
    watchers,
    keys: keyCount,
    heapPerWatcher: (heapAfter - heapBefore) / watchers,
    rssPerWatcher: (rssAfter - rssBefore) / watchers,
    serverPerWatcher: serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / watchers,
  };
  await pool.cancel();
  await warm.cancel();
  return result;
}
