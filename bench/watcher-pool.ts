// N watch streams, each read by its own loop the way an app reads one (one pending read()
// at a time) — or, in "callback" mode, N kv.subscribe() listeners. For each watcher the pool keeps only the last versionstamp it received and
// when, in flat arrays, so the bookkeeping adds little to the latency or memory measured.

import type { Backend, BenchKey, WatchSnapshot } from "./backend";

export type WatchMode = "stream" | "callback";

export class WatcherPool {
  readonly size: number;
  /** Last versionstamp each watcher received (undefined: nothing yet). */
  readonly seen: (string | null | undefined)[];
  /** performance.now() when each watcher received it. */
  readonly at: Float64Array;
  #readers: ReadableStreamDefaultReader<readonly { readonly versionstamp: string | null }[]>[] = [];
  #loops: Promise<void>[] = [];
  #unsubscribes: (() => void)[] = [];
  #awaited: string | null = null;
  #missing = 0;
  #wakeAll: (() => void) | null = null;
  #firstMissing: number;
  #wakeFirst: (() => void) | null = null;

  /** Watcher i watches keys[i % keys.length]. */
  constructor(backend: Backend, keys: readonly BenchKey[], size: number, mode: WatchMode = "stream") {
    this.size = size;
    this.seen = new Array<string | null | undefined>(size).fill(undefined);
    this.at = new Float64Array(size);
    this.#firstMissing = size;
    if (mode === "callback") {
      const { subscribe } = backend;
      if (!subscribe) throw new Error(`${backend.label} has no callback watch`);
      for (let i = 0; i < size; i++) {
        this.#unsubscribes.push(subscribe([keys[i % keys.length]], (snapshot) => this.#receive(i, snapshot)));
      }
      return;
    }
    for (let i = 0; i < size; i++) {
      const reader = backend.watch([keys[i % keys.length]]).getReader();
      this.#readers.push(reader);
      this.#loops.push(this.#read(i, reader));
    }
  }

  async #read(
    i: number,
    reader: ReadableStreamDefaultReader<readonly { readonly versionstamp: string | null }[]>,
  ): Promise<void> {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (done) return;
      this.#receive(i, value);
    }
  }

  #receive(i: number, value: WatchSnapshot): void {
    // Timestamp first: everything after this is the benchmark's own bookkeeping.
    this.at[i] = performance.now();
    const first = this.seen[i] === undefined;
    const versionstamp = value[0].versionstamp;
    this.seen[i] = versionstamp;
    if (first && --this.#firstMissing === 0) this.#wakeFirst?.();
    if (this.#awaited !== null && versionstamp === this.#awaited && --this.#missing === 0) this.#wakeAll?.();
  }

  /** Resolves once every watcher has received its first snapshot. */
  firstEmissions(): Promise<void> {
    if (this.#firstMissing === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#wakeFirst = resolve));
  }

  /**
   * Waits until every watcher has received `versionstamp`, or the timeout; returns how many
   * never did. Watchers that already have it (the emission can beat the commit's reply)
   * are counted at once.
   */
  async allReceive(versionstamp: string, timeoutMs: number): Promise<number> {
    this.#missing = 0;
    for (const seen of this.seen) if (seen !== versionstamp) this.#missing++;
    if (this.#missing === 0) return 0;
    this.#awaited = versionstamp;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (this.#wakeAll = resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    this.#awaited = null;
    this.#wakeAll = null;
    return this.#missing;
  }

  async cancel(): Promise<void> {
    for (const unsubscribe of this.#unsubscribes) unsubscribe();
    await Promise.all(this.#readers.map((reader) => reader.cancel().catch(() => {})));
    await Promise.all(this.#loops);
  }
}
