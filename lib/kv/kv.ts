// Kv: Deno.Kv's API on Redis. Reads are plain MGETs; every write is one commit script; watches
// go through the WatchHub. Keys live in buckets (buckets.ts): one on a single Redis, many on
// Cluster, where a commit stays within one bucket and reads fan out per bucket. Commands go
// through the store: bounded in time, and a failed commit says whether it was never applied or
// may have been (KvCommitUnknownError). close() ends what is in flight: reads fail at once as
// KvClosedError, a commit not yet sent is not sent (KvClosedError), one already sent settles
// as Redis answers it.

import { RedisUnavailableError } from "../redis/unavailable";
import { AtomicOperation, type StagedCheck, type StagedMutation } from "./atomic";
import type { Buckets } from "./buckets";
import { KvCommitNotReplicatedError, KvCrossPartitionCommitError } from "./commit-refusals";
import { reportCommit } from "./commit-timing";
import { decodeKeyHex, encodeKey } from "./key-codec";
import { KvClosedError } from "./kv-closed";
import { keyspaceChannelPrefix, VERSIONSTAMP_LENGTH } from "./layout";
import { MAX_READ_RANGES, MAX_WATCHED_KEYS } from "./limits";
import { KvListIterator, type ListBatch } from "./list";
import { listScript, packCommit } from "./scripts";
import type { KvStore } from "./store";
import type {
  KvCommitOptions,
  KvCommitResult,
  KvConsistencyLevel,
  KvEntry,
  KvEntryMaybe,
  KvKey,
  KvListOptions,
  KvListSelector,
  KvNodeNotifications,
  KvPrefixChanges,
  KvSetOptions,
  KvWatchOptions,
  KvWatchSnapshot,
  KvWaitForReplicas,
  KvWatchStats,
} from "./types";
import { decodeValue } from "./value-codec";
import { encodeReadKey, checkVersionstamp } from "./validate";
import { WatchHub } from "./watch-hub";

export interface KvSettings {
  /** Every commit waits for replicas unless its own options say otherwise (null: none). */
  waitForReplicas: KvWaitForReplicas | null;
}

// The commit script's format: the counter as 16 hex digits, then a 0000 batch index.
function formatVersionstamp(counter: number): string {
  return `${counter.toString(16).padStart(16, "0")}0000`;
}

function decodeEntry(key: KvKey, raw: Buffer): KvEntry {
  return {
    key,
    value: decodeValue(raw.subarray(VERSIONSTAMP_LENGTH)),
    versionstamp: raw.toString("latin1", 0, VERSIONSTAMP_LENGTH),
  };
}

function absent(key: KvKey): KvEntryMaybe {
  return { key, value: null, versionstamp: null };
}

function groupBy<T>(items: readonly T[], groupOf: (item: T) => number): Map<number, { item: T; at: number }[]> {
  const groups = new Map<number, { item: T; at: number }[]>();
  items.forEach((item, at) => {
    const group = groupOf(item);
    const list = groups.get(group);
    if (list) list.push({ item, at });
    else groups.set(group, [{ item, at }]);
  });
  return groups;
}

function hexOfParts(key: KvKey): string {
  return Buffer.from(encodeKey(key)).toString("hex");
}

function checkKeyCount(keys: readonly KvKey[], max: number, what: string): void {
  if (!Array.isArray(keys)) throw new TypeError(`${what} takes an array of keys`);
  if (keys.length > max) throw new RangeError(`Too many keys for ${what} (max ${max})`);
}

export class Kv {
  #store: KvStore;
  #buckets: Buckets;
  #settings: KvSettings;
  #hub: WatchHub;
  #channelPrefix: string;
  #closed = false;
  // How each read in flight is failed when the Kv closes.
  #abortReads = new Set<(error: KvClosedError) => void>();

  constructor(store: KvStore, buckets: Buckets, settings: KvSettings) {
    this.#store = store;
    this.#buckets = buckets;
    this.#settings = settings;
    this.#channelPrefix = keyspaceChannelPrefix(store.db);
    this.#hub = new WatchHub({
      subscriber: store.subscriber,
      db: store.db,
      dataKeyGlob: (hexPrefix) => buckets.dataKeyGlob(this.#bucketsUnderHex(hexPrefix)),
      hexOf: (dataKey) => buckets.hexOf(dataKey),
      read: (dataKeys) => this.#read(dataKeys),
      listSince: (hexPrefix, since, sinceOf) => this.#listSince(hexPrefix, (b) => sinceOf?.(String(b)) ?? since),
      currentVersionstamp: () => this.#currentVersionstamp(),
      decode: decodeEntry,
      decodeKey: decodeKeyHex,
      // Each bucket has its own versionstamp counter: a prefix watch spanning buckets orders
      // what it has seen per bucket, and catches up from where it got to in each.
      clockOf: buckets.count > 1 ? (hex) => String(buckets.bucketOf(decodeKeyHex(hex))) : () => "0",
      counters: () => this.#counters(),
    });
  }

  async get<T = unknown>(key: KvKey, _options?: { consistency?: KvConsistencyLevel }): Promise<KvEntryMaybe<T>> {
    const [raw] = await this.#read([this.#dataKeyOf(key)]);
    return (raw === null ? absent(key) : decodeEntry(key, raw)) as KvEntryMaybe<T>;
  }

  async getMany<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: KvKey }],
    _options?: { consistency?: KvConsistencyLevel },
  ): Promise<{ [K in keyof T]: KvEntryMaybe<T[K]> }> {
    checkKeyCount(keys, MAX_READ_RANGES, "getMany");
    const raws = await this.#read(keys.map((key) => this.#dataKeyOf(key)));
    return keys.map((key, i) => {
      const raw = raws[i];
      return raw === null ? absent(key) : decodeEntry(key, raw);
    }) as { [K in keyof T]: KvEntryMaybe<T[K]> };
  }

  set(key: KvKey, value: unknown, options?: KvSetOptions): Promise<KvCommitResult> {
    return this.atomic().set(key, value, options).commit() as Promise<KvCommitResult>;
  }

  async delete(key: KvKey): Promise<void> {
    await this.atomic().delete(key).commit();
  }

  list<T = unknown>(selector: KvListSelector, options?: KvListOptions): KvListIterator<T> {
    const buckets = this.#bucketsOfSelector(selector);
    return new KvListIterator<T>(
      (min, max, count, reverse) => this.#mergedBatch(buckets, min, max, count, reverse, () => ""),
      (hex, raw) => decodeEntry(decodeKeyHex(hex), raw),
      selector,
      options,
    );
  }

  atomic(): AtomicOperation {
    return new AtomicOperation((checks, mutations, options) => this.#commit(checks, mutations, options));
  }

  /**
   * Streams the entries of `keys`: first their current state, then again whenever one of
   * them gets a new versionstamp (with `raw`: on every change notification).
   */
  watch<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: KvKey }],
    options?: KvWatchOptions,
  ): ReadableStream<KvWatchSnapshot<{ -readonly [K in keyof T]: T[K] }>> {
    this.#assertOpen();
    checkKeyCount(keys, MAX_WATCHED_KEYS, "watch");
    const dataKeys = keys.map((key) => this.#dataKeyOf(key));
    return this.#hub.watch([...keys], dataKeys, options?.raw ?? false) as unknown as ReadableStream<
      KvWatchSnapshot<{ -readonly [K in keyof T]: T[K] }>
    >;
  }

  /**
   * Beyond Deno: watch() as a callback, for servers that fan one change out to many clients.
   * The listener gets each new snapshot synchronously as the hub learns of it (there is no
   * stream, so no reader to keep up); it costs a fraction of a stream's memory. Returns the
   * function that ends the subscription.
   */
  subscribe<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: KvKey }],
    listener: (snapshot: KvWatchSnapshot<{ -readonly [K in keyof T]: T[K] }>) => void,
    options?: KvWatchOptions,
  ): () => void {
    this.#assertOpen();
    checkKeyCount(keys, MAX_WATCHED_KEYS, "subscribe");
    const dataKeys = keys.map((key) => this.#dataKeyOf(key));
    return this.#hub.subscribe([...keys], dataKeys, options?.raw ?? false, listener as (snapshot: KvWatchSnapshot) => void);
  }

  /**
   * Beyond Deno: streams batches of entries under `prefix` that changed (value null: deleted
   * or expired), in commit order, from the moment of the call: no initial state. With
   * `since` (a versionstamp), the first batch is every entry newer than it, so a reader can
   * resume where it left off without a gap. (Finding what is newer than `since` scans the
   * prefix's entries: fine for a chat room, not for a prefix of millions.)
   */
  watchPrefix<T = unknown>(prefix: KvKey, options?: { since?: string }): ReadableStream<KvPrefixChanges<T>> {
    this.#assertOpen();
    const since = options?.since ?? null;
    checkVersionstamp(since);
    const hex = Buffer.from(encodeReadKeyOrEmpty(prefix)).toString("hex");
    return this.#hub.watchPrefix(hex, since ?? "") as ReadableStream<KvPrefixChanges<T>>;
  }

  /** Beyond Deno: what the watch hub is doing. */
  watchStats(): KvWatchStats {
    return this.#hub.stats();
  }

  /**
   * Beyond Deno: `listener(false)` when the watch connection to Redis is lost (watches may
   * be behind until it is back), `listener(true)` once it is back and every watch has been
   * given the latest state. Returns the function that stops the calls.
   */
  onWatchLiveChange(listener: (live: boolean) => void): () => void {
    return this.#hub.onLiveChange(listener);
  }

  /** Round-trip time to Redis in milliseconds; on a cluster that serves nothing (cluster_state:fail), RedisUnavailableError. */
  ping(): Promise<number> {
    return this.#whileOpen(() => this.#store.ping());
  }

  /**
   * Beyond Deno: notify-keyspace-events of every Redis node: on a cluster, every primary and
   * the replicas it lists as serving (a watch misses a primary's changes without them).
   */
  notificationFlags(): Promise<KvNodeNotifications[]> {
    return this.#whileOpen(() => this.#store.notificationFlags());
  }

  /**
   * Ends every watch and closes the connections. Reads still in flight fail as KvClosedError;
   * a commit not yet sent is not sent (KvClosedError); one already sent gets Redis's answer.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new KvClosedError();
    for (const abort of this.#abortReads) abort(closed);
    this.#abortReads.clear();
    this.#hub.close();
    this.#store.close();
    await this.#store.disconnect();
  }

  #assertOpen(): void {
    if (this.#closed) throw new KvClosedError();
  }

  /**
   * Runs a read unless the Kv is closed, and fails it as KvClosedError if the Kv closes before
   * it is answered. The store's own late failure (its connections were closed under it) is
   * then no one's news, and is handled here so that it never goes unhandled.
   */
  #whileOpen<T>(read: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new KvClosedError());
    return new Promise<T>((resolve, reject) => {
      this.#abortReads.add(reject);
      read().then(resolve, reject).finally(() => this.#abortReads.delete(reject));
    });
  }

  #dataKeyOf(key: KvKey): string {
    return this.#buckets.dataKey(this.#buckets.bucketOf(key), encodeReadKey(key));
  }

  #bucketsUnderHex(hexPrefix: string): number[] {
    return this.#buckets.bucketsUnder(hexPrefix === "" ? [] : decodeKeyHex(hexPrefix));
  }

  // One MGET per bucket (a bucket is one slot), all sent together.
  async #read(dataKeys: string[]): Promise<(Buffer | null)[]> {
    if (dataKeys.length === 0) return [];
    const groups = [...groupBy(dataKeys, (dataKey) => this.#buckets.bucketOfDataKey(dataKey)).values()];
    const replies = await this.#whileOpen(() => this.#store.read(groups.map((group) => group.map(({ item }) => item))));
    const out = new Array<Buffer | null>(dataKeys.length);
    groups.forEach((group, g) => group.forEach(({ at }, i) => (out[at] = replies[g][i])));
    return out;
  }

  async #commit(checks: StagedCheck[], mutations: StagedMutation[], options: KvCommitOptions): Promise<string | null> {
    this.#assertOpen();
    const bucket = this.#bucketOfCommit(checks, mutations);
    const layout = this.#buckets.layout(bucket);
    const keyIndex = new Map<string, number>();
    const keys = [layout.clock, layout.index];
    const slot = (hex: string): number => {
      let index = keyIndex.get(hex);
      if (index === undefined) {
        keys.push(layout.dataPrefix + hex);
        index = keys.length; // Lua's KEYS is 1-based
        keyIndex.set(hex, index);
      }
      return index;
    };
    const args = [layout.dataPrefix.length, packCommit(checks, mutations, slot), this.#channelPrefix];
    const wait = options.waitForReplicas === false ? null : (options.waitForReplicas ?? this.#settings.waitForReplicas);
    if (wait) checkWaitForReplicas(wait);
    try {
      const started = performance.now();
      const { reply, replicas } = await this.#store.commit(keys, args, wait);
      const committed = Buffer.isBuffer(reply);
      reportCommit(performance.now() - started, committed ? "committed" : "check_failed");
      if (!committed) return null;
      const versionstamp = reply.toString("latin1");
      if (wait && (replicas ?? 0) < wait.replicas) throw new KvCommitNotReplicatedError(versionstamp, replicas ?? 0, wait.replicas);
      return versionstamp;
    } catch (error) {
      // Not sent (see store.ts), and it never will be: the Kv closed while it waited.
      if (this.#closed && error instanceof RedisUnavailableError) throw new KvClosedError();
      const message = error instanceof Error ? error.message : "";
      const match = /LIVEKV_NOT_U64 (\w+)/.exec(message);
      if (match) throw new TypeError(`Failed to perform '${match[1]}' mutation on a non-U64 value in the database`);
      throw error;
    }
  }

  // A commit runs as one script on one slot: all its keys must share a bucket.
  #bucketOfCommit(checks: StagedCheck[], mutations: StagedMutation[]): number {
    if (this.#buckets.count === 1) return 0;
    const byBucket = new Map<number, KvKey>();
    for (const { key } of [...checks, ...mutations]) {
      const bucket = this.#buckets.bucketOf(key);
      if (!byBucket.has(bucket)) byBucket.set(bucket, key);
    }
    if (byBucket.size > 1) throw new KvCrossPartitionCommitError([...byBucket.values()]);
    return byBucket.size === 1 ? [...byBucket.keys()][0] : 0;
  }

  /** The buckets an ordered range can hold keys of: one when the range fixes the partition. */
  #bucketsOfSelector(selector: KvListSelector): number[] {
    if (this.#buckets.count === 1 || typeof selector !== "object" || selector === null) return [0];
    const s = selector as { prefix?: KvKey; start?: KvKey; end?: KvKey };
    if (Array.isArray(s.prefix)) return this.#buckets.bucketsUnder(s.prefix);
    const k = this.#buckets.rule.partitionKeyParts;
    if (Array.isArray(s.start) && Array.isArray(s.end) && s.start.length >= k && s.end.length >= k) {
      // Both ends in one partition: so is everything between them.
      if (hexOfParts(s.start.slice(0, k)) === hexOfParts(s.end.slice(0, k))) return [this.#buckets.bucketOf(s.start)];
    }
    return this.#buckets.all;
  }

  async #bucketBatch(bucket: number, min: string, max: string, count: number, reverse: boolean, since: string): Promise<ListBatch> {
    const layout = this.#buckets.layout(bucket);
    const args = [layout.dataPrefix, min, max, count, reverse ? "1" : "0", since];
    const reply = (await this.#whileOpen(() => this.#store.readScript(listScript, [layout.index], args))) as [number, Buffer, ...Buffer[]];
    const [scanned, last, ...pairs] = reply;
    const entries: ListBatch["entries"] = [];
    for (let i = 0; i < pairs.length; i += 2) entries.push({ hex: pairs[i].toString("latin1"), raw: pairs[i + 1] });
    return { scanned, last: last.toString("latin1"), entries };
  }

  /**
   * One batch of the range in key order, from one batch of every bucket (sent together: a
   * round per node). A bucket that filled its batch may hold more keys past its last one, so
   * the merged batch stops at the nearest such "last": everything before it is known from
   * every bucket. The iterator goes on after it, as after one bucket's batch.
   */
  async #mergedBatch(
    buckets: number[],
    min: string,
    max: string,
    count: number,
    reverse: boolean,
    sinceOf: (bucket: number) => string,
  ): Promise<ListBatch> {
    if (buckets.length === 1) return this.#bucketBatch(buckets[0], min, max, count, reverse, sinceOf(buckets[0]));
    const batches = await Promise.all(buckets.map((b) => this.#bucketBatch(b, min, max, count, reverse, sinceOf(b))));
    const before = (a: string, b: string): boolean => (reverse ? a > b : a < b);
    let boundary: string | null = null;
    for (const batch of batches) {
      if (batch.scanned >= count && (boundary === null || before(batch.last, boundary))) boundary = batch.last;
    }
    const cut = boundary;
    const entries = batches
      .flatMap((batch) => batch.entries)
      .filter((entry) => cut === null || !before(cut, entry.hex))
      .sort((a, b) => (a.hex === b.hex ? 0 : before(a.hex, b.hex) ? -1 : 1));
    // No bucket filled its batch: the range is exhausted.
    if (cut === null) return { scanned: 0, last: "", entries };
    return { scanned: count, last: cut, entries };
  }

  // Entries under the prefix newer than sinceOf(their bucket).
  async #listSince(hexPrefix: string, sinceOf: (bucket: number) => string): Promise<{ hex: string; raw: Buffer }[]> {
    const buckets = this.#bucketsUnderHex(hexPrefix);
    const entries: { hex: string; raw: Buffer }[] = [];
    let min = `[${hexPrefix}00`;
    for (;;) {
      const batch = await this.#mergedBatch(buckets, min, `(${hexPrefix}ff`, 500, false, sinceOf);
      entries.push(...batch.entries);
      if (batch.scanned < 500) return entries;
      min = `(${batch.last}`;
    }
  }

  // Across buckets versionstamps are only roughly ordered (see scripts.ts): the newest of them.
  async #currentVersionstamp(): Promise<string> {
    let newest = "";
    for (const stamp of (await this.#counters()).values()) if (stamp > newest) newest = stamp;
    return newest;
  }

  /** Each bucket's latest versionstamp, by bucket number (as a string). */
  async #counters(): Promise<Map<string, string>> {
    const clocks = await this.#whileOpen(() => this.#store.read(this.#buckets.all.map((b) => [this.#buckets.layout(b).clock])));
    return new Map(clocks.map(([raw], b) => [String(b), formatVersionstamp(Number(raw?.toString("latin1") ?? 0))]));
  }
}

function checkWaitForReplicas(wait: KvWaitForReplicas): void {
  if (!Number.isInteger(wait.replicas) || wait.replicas < 1) throw new RangeError("waitForReplicas.replicas must be a positive integer");
  if (!Number.isInteger(wait.timeoutMs) || wait.timeoutMs < 1) throw new RangeError("waitForReplicas.timeoutMs must be a positive integer");
}

// A prefix may be empty (the whole keyspace); any other key must be a valid read key.
function encodeReadKeyOrEmpty(prefix: KvKey): Uint8Array {
  if (Array.isArray(prefix) && prefix.length === 0) return new Uint8Array();
  return Buffer.from(encodeReadKey(prefix), "hex");
}
