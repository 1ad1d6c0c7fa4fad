// The narrow surface the benchmark drives, so one workload runs unchanged on LiveKV and on
// @deno/kv: each adapter maps it onto its store's real Deno.Kv-shaped API.

export type BenchKey = readonly (string | number)[];

/** What a watch emits, reduced to what latency needs: each watched key's versionstamp. */
export type WatchSnapshot = readonly { readonly versionstamp: string | null }[];

export interface Backend {
  /** Column label in the table. */
  readonly label: string;
  /** How watches are opened, for the notes under the table. */
  readonly watchMode: string;
  set(key: BenchKey, value: unknown): Promise<string>;
  /**
   * Stages one atomic operation that sets every key; commit() resolves to its versionstamp.
   * Staging is apart from committing so a latency clock can start just before commit().
   */
  atomicSet(keys: readonly BenchKey[], value: unknown): { commit(): Promise<string> };
  get(key: BenchKey): Promise<string | null>;
  /** atomic().sum(key, 1n).commit() */
  sum(key: BenchKey): Promise<void>;
  watch(keys: readonly BenchKey[]): ReadableStream<WatchSnapshot>;
  /** A callback watch (LiveKV's kv.subscribe); absent where the store has none. */
  subscribe?(keys: readonly BenchKey[], listener: (snapshot: WatchSnapshot) => void): () => void;
  /** Keys the store read to serve watchers so far; null where the store has no such count. */
  watchReads(): number | null;
  /** "host:port" of every Redis primary, where the store runs on Redis. */
  primaries?(): string[];
  /** Keyspace notifications the store's watch subscriber received, by "host:port" of the sender. */
  notificationsByNode?(): Record<string, number>;
  /** Bytes the store's server process uses, where there is one (Redis used_memory). */
  serverMemory(): Promise<number | null>;
  close(): Promise<void>;
}
