// Kv: Deno.Kv's API on Redis. Reads are plain GETs; every write is one commit script; watches
// go through the WatchHub. Commands go through the CommandConnection: bounded in time, and a
// failed commit says whether it was never applied or may have been (KvCommitUnknownError).

import type Redis from "ioredis";
import { AtomicOperation, type StagedCheck, type StagedMutation } from "./atomic";
import type { CommandConnection } from "./command-connection";
import { reportCommit } from "./commit-timing";
import { decodeKeyHex } from "./key-codec";
import type { KeyLayout } from "./layout";
import { keyspaceChannelPrefix, VERSIONSTAMP_LENGTH } from "./layout";
import { MAX_READ_RANGES, MAX_WATCHED_KEYS } from "./limits";
import { KvListIterator, type ListBatch } from "./list";
import { listScript, packCommit, runScript } from "./scripts";
import type {
  KvCommitResult,
  KvConsistencyLevel,
  KvEntry,
  KvEntryMaybe,
  KvKey,
  KvListOptions,
  KvListSelector,
  KvPrefixChanges,
  KvSetOptions,
  KvWatchOptions,
  KvWatchSnapshot,
  KvWatchStats,
} from "./types";
import { decodeValue } from "./value-codec";
import { encodeReadKey, checkVersionstamp } from "./validate";
import { WatchHub } from "./watch-hub";

export interface KvConnections {
  /** Commands: reads, commits. */
  commands: CommandConnection;
  /** The one subscriber connection the watch hub uses. */
  subscriber: Redis;
  db: number;
  /** Called by close() after the hub has ended every watch. */
  disconnect: () => Promise<void>;
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

function checkKeyCount(keys: readonly KvKey[], max: number, what: string): void {
  if (!Array.isArray(keys)) throw new TypeError(`${what} takes an array of keys`);
  if (keys.length > max) throw new RangeError(`Too many keys for ${what} (max ${max})`);
}

export class Kv {
  #commands: CommandConnection;
  #layout: KeyLayout;
  #hub: WatchHub;
  #connections: KvConnections;
  #channelPrefix: string;
  #closed = false;

  constructor(connections: KvConnections, layout: KeyLayout) {
    this.#connections = connections;
    this.#commands = connections.commands;
    this.#layout = layout;
    this.#channelPrefix = keyspaceChannelPrefix(connections.db);
    this.#hub = new WatchHub({
      subscriber: connections.subscriber,
      db: connections.db,
      dataKeyGlob: () => layout.dataPrefix,
      hexOf: (dataKey) => dataKey.slice(layout.dataPrefix.length),
      read: async (dataKeys) => (await this.#redis()).mgetBuffer(...dataKeys),
      listSince: (hexPrefix, since) => this.#listSince(hexPrefix, since),
      currentVersionstamp: async () => formatVersionstamp(Number((await (await this.#redis()).get(layout.clock)) ?? 0)),
      decode: decodeEntry,
      decodeKey: decodeKeyHex,
    });
  }

  async get<T = unknown>(key: KvKey, _options?: { consistency?: KvConsistencyLevel }): Promise<KvEntryMaybe<T>> {
    const dataKey = this.#dataKey(encodeReadKey(key));
    const raw = await (await this.#redis()).getBuffer(dataKey);
    return (raw === null ? absent(key) : decodeEntry(key, raw)) as KvEntryMaybe<T>;
  }

  async getMany<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: KvKey }],
    _options?: { consistency?: KvConsistencyLevel },
  ): Promise<{ [K in keyof T]: KvEntryMaybe<T[K]> }> {
    checkKeyCount(keys, MAX_READ_RANGES, "getMany");
    const dataKeys = keys.map((key) => this.#dataKey(encodeReadKey(key)));
    const raws = dataKeys.length === 0 ? [] : await (await this.#redis()).mgetBuffer(...dataKeys);
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
    return new KvListIterator<T>(
      (min, max, count, reverse) => this.#listBatch(min, max, count, reverse, ""),
      (hex, raw) => decodeEntry(decodeKeyHex(hex), raw),
      selector,
      options,
    );
  }

  atomic(): AtomicOperation {
    return new AtomicOperation((checks, mutations) => this.#commit(checks, mutations));
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
    const dataKeys = keys.map((key) => this.#dataKey(encodeReadKey(key)));
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
    const dataKeys = keys.map((key) => this.#dataKey(encodeReadKey(key)));
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

  /** Round-trip time to Redis in milliseconds. */
  async ping(): Promise<number> {
    const started = performance.now();
    await (await this.#redis()).ping();
    return performance.now() - started;
  }

  /** Redis's notify-keyspace-events, or null where CONFIG is not allowed. */
  async notificationFlags(): Promise<string | null> {
    try {
      const reply = (await (await this.#redis()).config("GET", "notify-keyspace-events")) as string[];
      return reply[1] ?? null;
    } catch {
      return null;
    }
  }

  /** Ends every watch and closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#hub.close();
    this.#commands.close();
    await this.#connections.disconnect();
  }

  #assertOpen(): void {
    if (this.#closed) throw new TypeError("Kv is closed");
  }

  /** The command connection once it can take a command (RedisUnavailableError after its timeout). */
  #redis(): Promise<Redis> {
    return this.#commands.ready();
  }

  #dataKey(hex: string): string {
    return this.#layout.dataPrefix + hex;
  }

  async #commit(checks: StagedCheck[], mutations: StagedMutation[]): Promise<string | null> {
    this.#assertOpen();
    const keyIndex = new Map<string, number>();
    const keys = [this.#layout.clock, this.#layout.index];
    const slot = (hex: string): number => {
      let index = keyIndex.get(hex);
      if (index === undefined) {
        keys.push(this.#dataKey(hex));
        index = keys.length; // Lua's KEYS is 1-based
        keyIndex.set(hex, index);
      }
      return index;
    };
    const args = [this.#layout.dataPrefix.length, packCommit(checks, mutations, slot), this.#channelPrefix];
    try {
      const started = performance.now();
      const reply = await this.#commands.commit(keys, args);
      const committed = Buffer.isBuffer(reply);
      reportCommit(performance.now() - started, committed ? "committed" : "check_failed");
      return committed ? reply.toString("latin1") : null;
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      const match = /LIVEKV_NOT_U64 (\w+)/.exec(message);
      if (match) throw new TypeError(`Failed to perform '${match[1]}' mutation on a non-U64 value in the database`);
      throw error;
    }
  }

  async #listBatch(min: string, max: string, count: number, reverse: boolean, since: string): Promise<ListBatch> {
    const reply = (await runScript(await this.#redis(), listScript, [this.#layout.index], [
      this.#layout.dataPrefix,
      min,
      max,
      count,
      reverse ? "1" : "0",
      since,
    ])) as [number, Buffer, ...Buffer[]];
    const [scanned, last, ...pairs] = reply;
    const entries: ListBatch["entries"] = [];
    for (let i = 0; i < pairs.length; i += 2) entries.push({ hex: pairs[i].toString("latin1"), raw: pairs[i + 1] });
    return { scanned, last: last.toString("latin1"), entries };
  }

  async #listSince(hexPrefix: string, since: string): Promise<{ hex: string; raw: Buffer }[]> {
    const entries: { hex: string; raw: Buffer }[] = [];
    let min = `[${hexPrefix}00`;
    for (;;) {
      const batch = await this.#listBatch(min, `(${hexPrefix}ff`, 500, false, since);
      entries.push(...batch.entries);
      if (batch.scanned < 500) return entries;
      min = `(${batch.last}`;
    }
  }
}

// A prefix may be empty (the whole keyspace); any other key must be a valid read key.
function encodeReadKeyOrEmpty(prefix: KvKey): Uint8Array {
  if (Array.isArray(prefix) && prefix.length === 0) return new Uint8Array();
  return Buffer.from(encodeReadKey(prefix), "hex");
}
