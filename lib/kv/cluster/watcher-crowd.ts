// Test support: a crowd of open watchers on one Kv, some watching keys and some a prefix, each
// read by its own loop as an app reads a stream. It keeps the latest value each watcher has of
// each key, and counts streams that ended or failed (a watch must outlive any topology change).

import type { KvEntryMaybe, KvKey, KvWatchSnapshot } from "../types";

export interface WatchingKv {
  watch(keys: KvKey[]): ReadableStream<KvWatchSnapshot>;
  watchPrefix(prefix: KvKey, options?: { since?: string }): ReadableStream<KvEntryMaybe[]>;
}

const FROM_THE_START = "0".repeat(20);

const id = (key: KvKey): string => JSON.stringify(key, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));

export class WatcherCrowd {
  /** Per watcher: the keys it should have, and what it has of each (by key id). */
  readonly #watched: string[][] = [];
  readonly #seen: Map<string, unknown>[] = [];
  readonly #readers: ReadableStreamDefaultReader<unknown>[] = [];
  ended = 0;
  errored = 0;

  /**
   * `keyWatchers` watchers of three keys each (watcher i: keys i, i+7 and i+13, modulo),
   * `prefixWatchers` watchers of `prefix`, which every key is under (from the first commit on,
   * so that they start with every key's value as the key watchers do).
   */
  constructor(kv: WatchingKv, keys: KvKey[], prefix: KvKey, keyWatchers: number, prefixWatchers: number) {
    for (let i = 0; i < keyWatchers; i++) {
      const mine = [keys[i % keys.length], keys[(i + 7) % keys.length], keys[(i + 13) % keys.length]];
      const seen = new Map<string, unknown>();
      this.#follow(
        mine.map(id),
        seen,
        kv.watch(mine),
        (snapshot: KvWatchSnapshot) => snapshot.forEach((entry) => seen.set(id(entry.key), entry.value)),
      );
    }
    for (let i = 0; i < prefixWatchers; i++) {
      const seen = new Map<string, unknown>();
      this.#follow(keys.map(id), seen, kv.watchPrefix(prefix, { since: FROM_THE_START }), (entries: KvEntryMaybe[]) =>
        entries.forEach((entry) => seen.set(id(entry.key), entry.value)),
      );
    }
  }

  get size(): number {
    return this.#seen.length;
  }

  #follow<T>(watched: string[], seen: Map<string, unknown>, stream: ReadableStream<T>, take: (value: T) => void): void {
    const reader = stream.getReader();
    this.#watched.push(watched);
    this.#seen.push(seen);
    this.#readers.push(reader as ReadableStreamDefaultReader<unknown>);
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return void this.ended++;
          take(value);
        }
      } catch {
        this.errored++;
      }
    })();
  }

  /** How many watchers do not (yet) have `expected`'s value of every key they watch. */
  behind(expected: Map<KvKey, unknown>): number {
    const want = new Map([...expected].map(([key, value]) => [id(key), value]));
    let behind = 0;
    this.#seen.forEach((seen, w) => {
      if (this.#watched[w].some((key) => want.has(key) && seen.get(key) !== want.get(key))) behind++;
    });
    return behind;
  }

  /** Resolves with the time every watcher had `expected`, or with null at the deadline (performance.now()). */
  async allHave(expected: Map<KvKey, unknown>, deadline: number): Promise<number | null> {
    for (;;) {
      if (this.behind(expected) === 0) return performance.now();
      if (performance.now() > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async cancel(): Promise<void> {
    await Promise.all(this.#readers.map((reader) => reader.cancel().catch(() => {})));
  }
}
