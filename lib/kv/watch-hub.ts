// WatchHub: every watch of a Kv shares one subscriber connection. Redis tells the hub which
// data keys changed (keyspace notifications); the hub re-reads each changed key once per
// flush, however many watchers share it, and wakes the watchers whose keys changed. A
// watcher builds its snapshot when its reader asks for one, from the latest state: a slow
// reader never holds more than one pending snapshot.

import { startHeartbeat, type ProbedConnection } from "../redis/heartbeat";
import type { KvEntryMaybe, KvKey, KvWatchSnapshot, KvWatchStats } from "./types";
import { ABSENT_DELETE_EVENT, keyspaceChannelPrefix, VERSIONSTAMP_LENGTH } from "./layout";
import { KeyWatcher, PRUNE_EMITTED_AT, PrefixWatcher, type KeyState } from "./watchers";
import { KeyWatchCallback, KeyWatchSource, PrefixWatchSource } from "./watch-streams";

// In a prefix watcher's `emitted`: the key was last reported deleted. Below every versionstamp,
// so the next floor drops it like any entry it has passed.
const DELETED = "";

/** Reads stored values (null: absent) for data keys, in one round trip. */
export type KeyReader = (dataKeys: string[]) => Promise<(Buffer | null)[]>;
/**
 * Lists the stored entries under a hex prefix whose versionstamp is newer than `since`. With
 * `sinceOf`, a lister that can may list less: of each counter (see clockOf) only what is newer
 * than sinceOf(counter), which is never older than `since`.
 */
export type PrefixLister = (
  hexPrefix: string,
  since: string,
  sinceOf?: (clock: string) => string,
) => Promise<{ hex: string; raw: Buffer }[]>;
export type EntryDecoder = (key: KvKey, raw: Buffer) => KvEntryMaybe;

/**
 * What the hub needs of its subscriber: one Redis connection, or one per primary on Cluster.
 * A subscriber made of several connections may also emit "resubscribed" (channels, patterns):
 * after losing a part of itself ("close"), it subscribed these key channels again (and, when
 * `patterns` is true, every pattern on a connection that lacked them); the hub then re-reads
 * just those keys rather than all of them.
 */
export interface WatchSubscriber extends ProbedConnection {
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  on(event: "pmessage", listener: (pattern: string, channel: string, message: string) => void): unknown;
  on(event: "resubscribed", listener: (channels: string[], patterns: boolean) => void): unknown;
  on(event: "ready" | "close" | "error", listener: () => void): unknown;
  subscribe(...channels: string[]): Promise<unknown>;
  unsubscribe(...channels: string[]): Promise<unknown>;
  psubscribe(...patterns: string[]): Promise<unknown>;
  punsubscribe(...patterns: string[]): Promise<unknown>;
  /**
   * A subscriber of several connections counts the notifications each delivered. Without it,
   * the subscriber is one connection to the one server every commit runs on.
   */
  notificationsByNode?: () => Record<string, number>;
}

export interface WatchHubOptions {
  subscriber: WatchSubscriber;
  db: number;
  /** The data keys' common beginning in a prefix watch's PSUBSCRIBE glob (on Cluster it spans buckets). */
  dataKeyGlob: (hexPrefix: string) => string;
  /** The hex KV key of a data key. */
  hexOf: (dataKey: string) => string;
  read: KeyReader;
  listSince: PrefixLister;
  /** The versionstamp of the latest commit (all zeros before the first). */
  currentVersionstamp: () => Promise<string>;
  decode: EntryDecoder;
  decodeKey: (hex: string) => KvKey;
  /**
   * Which versionstamp counter stamps the key of this hex (Cluster: its bucket's). Their stamps
   * are only roughly ordered, so no one stamp says what a prefix watch has been told of every
   * counter: the hub keeps its place per counter, read with `counters` (without it, catch-ups
   * list from the watch's start). Absent: one counter, whose stamps order every commit.
   */
  clockOf?: (hex: string) => string;
  /** With clockOf: each counter's latest versionstamp, by the names clockOf gives. */
  counters?: () => Promise<Map<string, string>>;
}

interface PatternState {
  hexPrefix: string;
  watchers: Set<PrefixWatcher>;
}

const RETRY_MS = 250;
// A dead subscriber is noticed within about HEARTBEAT_MS + HEARTBEAT_TIMEOUT_MS.
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 3_000;
const RESOLVED = Promise.resolve();

function versionstampOf(raw: Buffer | null): string | null {
  return raw === null ? null : raw.toString("latin1", 0, VERSIONSTAMP_LENGTH);
}

export class WatchHub {
  #o: WatchHubOptions;
  #channelPrefix: string;
  #keys = new Map<string, KeyState>();
  #patterns = new Map<string, PatternState>();
  #watchers = new Set<KeyWatcher | PrefixWatcher>();
  // Data keys notified since the last read, each with whether prefix watchers should hear of
  // it: not when its only notification was a commit's delete of an absent key.
  #dirty = new Map<string, boolean>();
  #flushScheduled = false;
  #flushRun: Promise<void> | null = null;
  // Partial resyncs ("resubscribed") still re-reading: live only once none is.
  #partialResyncs = 0;
  #closed = false;
  #connectedOnce = false;
  #notifications = 0;
  #reads = 0;
  // Bumped whenever the subscriber drops, comes back or resubscribes a part: notifications may
  // have been missed around it.
  #epoch = 0;
  // The settle in flight (one connection), or the watchers being caught up to be pruned.
  #settling: Promise<void> | null = null;
  #pruning = new Set<PrefixWatcher>();
  // Whether watchers get what Redis has: false from losing the subscriber until the resync
  // after it is back has re-read every watched key.
  #live = true;
  #liveListeners = new Set<(live: boolean) => void>();
  #stopHeartbeat: () => void;

  constructor(options: WatchHubOptions) {
    this.#o = options;
    this.#channelPrefix = keyspaceChannelPrefix(options.db);
    const { subscriber } = options;
    // Deleting an absent key is news for raw key watchers only: prefix watchers report
    // changes, and it is none.
    subscriber.on("message", (channel: string, message: string) =>
      this.#onNotification(channel, message !== ABSENT_DELETE_EVENT),
    );
    subscriber.on("pmessage", (_pattern: string, channel: string, message: string) => {
      if (message !== ABSENT_DELETE_EVENT) this.#onNotification(channel, true);
    });
    subscriber.on("ready", () => {
      this.#epoch++;
      if (this.#connectedOnce) void this.#resync();
      else this.#setLive(true);
      this.#connectedOnce = true;
    });
    subscriber.on("close", () => {
      this.#epoch++;
      this.#setLive(false);
    });
    subscriber.on("resubscribed", (channels: string[], patterns: boolean) => {
      this.#epoch++;
      void this.#resyncSome(channels, patterns);
    });
    // ioredis reports connection errors here; the hub rides them out and resyncs on ready.
    subscriber.on("error", () => {});
    // A connection can die without a FIN (a NAT or firewall drops it, a host vanishes): the
    // socket then looks open forever and notifications simply stop. A subscriber that stops
    // answering PINGs is dropped and reconnected (which resyncs every watcher).
    this.#stopHeartbeat = startHeartbeat(subscriber, { intervalMs: HEARTBEAT_MS, timeoutMs: HEARTBEAT_TIMEOUT_MS });
  }

  /**
   * Called with false when the subscriber is lost (watchers may miss changes until it is
   * back) and with true once it is back and every watcher has the latest state. Returns
   * the function that stops the calls.
   */
  onLiveChange(listener: (live: boolean) => void): () => void {
    this.#liveListeners.add(listener);
    return () => this.#liveListeners.delete(listener);
  }

  #setLive(live: boolean): void {
    if (this.#live === live || this.#closed) return;
    this.#live = live;
    for (const listener of this.#liveListeners) listener(live);
  }

  stats(): KvWatchStats {
    return {
      channels: this.#keys.size,
      patterns: this.#patterns.size,
      watchers: this.#watchers.size,
      notifications: this.#notifications,
      reads: this.#reads,
      prefixEmitted: [...this.#watchers].reduce((sum, w) => sum + (w instanceof PrefixWatcher ? w.emitted.size : 0), 0),
      connected: this.#o.subscriber.status === "ready",
      ...(this.#o.subscriber.notificationsByNode && { notificationsByNode: this.#o.subscriber.notificationsByNode() }),
    };
  }

  watch(keys: readonly KvKey[], dataKeys: string[], raw: boolean): ReadableStream<KvWatchSnapshot> {
    const source = new KeyWatchSource(this, new KeyWatcher(keys, dataKeys, raw));
    return new ReadableStream(source, { highWaterMark: 0 });
  }

  /** The callback form of watch(): returns the function that ends it. */
  subscribe(
    keys: readonly KvKey[],
    dataKeys: string[],
    raw: boolean,
    listener: (snapshot: KvWatchSnapshot) => void,
  ): () => void {
    const watcher = new KeyWatcher(keys, dataKeys, raw);
    new KeyWatchCallback(this, watcher, listener);
    this.addKeyWatcher(watcher).catch(() => this.removeKeyWatcher(watcher));
    return () => this.removeKeyWatcher(watcher);
  }

  watchPrefix(hexPrefix: string, since: string): ReadableStream<KvEntryMaybe[]> {
    const source = new PrefixWatchSource(this, new PrefixWatcher(hexPrefix, since));
    return new ReadableStream(source, { highWaterMark: 0 });
  }

  /** Ends every watch stream. The caller owns (and quits) the connections. */
  close(): void {
    this.#closed = true;
    this.#stopHeartbeat();
    this.#liveListeners.clear();
    for (const watcher of this.#watchers) watcher.sink?.close();
    this.#watchers.clear();
    this.#keys.clear();
    this.#patterns.clear();
  }

  // Subscribing comes before the first read, so no change can fall between the two.
  async addKeyWatcher(watcher: KeyWatcher): Promise<void> {
    this.#watchers.add(watcher);
    const fresh = [...new Set(watcher.dataKeys)].filter((dataKey) => !this.#keys.has(dataKey));
    const pending: KeyState[] = fresh.map(() => ({ raw: null, versionstamp: null, watchers: new Set(), ready: RESOLVED }));
    fresh.forEach((dataKey, i) => this.#keys.set(dataKey, pending[i]));
    if (fresh.length > 0) {
      const load = this.#subscribeAndLoad(fresh);
      for (const state of pending) state.ready = load;
    }
    for (const dataKey of watcher.dataKeys) {
      const state = this.#keys.get(dataKey) as KeyState;
      state.watchers.add(watcher);
      watcher.states.push(state);
    }
    await Promise.all(watcher.states.map((state) => state.ready));
    watcher.sink?.wake();
  }

  // SUBSCRIBE goes out before this returns, so an UNSUBSCRIBE from a watcher cancelled
  // meanwhile is always sent after it, never before.
  async #subscribeAndLoad(dataKeys: string[]): Promise<void> {
    await this.#o.subscriber.subscribe(...dataKeys.map((key) => this.#channelPrefix + key));
    const values = await this.#readWithRetry(dataKeys);
    this.#apply(dataKeys, values, null);
  }

  removeKeyWatcher(watcher: KeyWatcher): void {
    if (!this.#watchers.delete(watcher)) return;
    const unused: string[] = [];
    watcher.dataKeys.forEach((dataKey, i) => {
      const state = watcher.states[i];
      if (!state || this.#keys.get(dataKey) !== state) return;
      state.watchers.delete(watcher);
      if (state.watchers.size === 0) {
        this.#keys.delete(dataKey);
        unused.push(this.#channelPrefix + dataKey);
      }
    });
    if (unused.length > 0) this.#o.subscriber.unsubscribe(...unused).catch(() => {});
  }

  #pattern(hexPrefix: string): string {
    // A key under the prefix goes on with a type byte (01..27), so its next hex digit is 0-2.
    // That excludes the prefix key itself and look-alikes such as ["a\0b"] for ["a"], whose
    // escaped NUL puts ff right after the prefix's bytes.
    return `${this.#channelPrefix}${this.#o.dataKeyGlob(hexPrefix)}${hexPrefix}[0-2]*`;
  }

  async addPrefixWatcher(watcher: PrefixWatcher): Promise<void> {
    this.#watchers.add(watcher);
    const fromNow = watcher.start === "";
    if (fromNow) {
      // Without `since`, the watch starts at the commit counter as it stands now — or, while
      // Redis is away, as soon as it can be read. Read before subscribing, so that a commit
      // after the start is either notified or found by the catch-up below, never skipped.
      watcher.start = await this.#retrying(() => this.#o.currentVersionstamp());
      if (!this.#watchers.has(watcher)) return; // cancelled meanwhile: nothing to subscribe
    }
    const pattern = this.#pattern(watcher.hexPrefix);
    let state = this.#patterns.get(pattern);
    if (!state) {
      state = { hexPrefix: watcher.hexPrefix, watchers: new Set() };
      this.#patterns.set(pattern, state);
    }
    state.watchers.add(watcher);
    await this.#o.subscriber.psubscribe(pattern);
    // Commits between the start and the subscription were not notified: when the counter
    // moved meanwhile, list what is newer than the start (usually nothing moved: no list).
    if (!fromNow || (await this.#retrying(() => this.#o.currentVersionstamp())) > watcher.start) {
      await this.#catchUp(watcher).catch((error: unknown) => {
        if (this.#watchers.has(watcher)) throw error; // else cancelled meanwhile: nothing to deliver
      });
    }
    watcher.started = true;
    watcher.sink?.wake();
  }

  removePrefixWatcher(watcher: PrefixWatcher): void {
    if (!this.#watchers.delete(watcher)) return;
    const pattern = this.#pattern(watcher.hexPrefix);
    const state = this.#patterns.get(pattern);
    if (!state) return;
    state.watchers.delete(watcher);
    if (state.watchers.size === 0) {
      this.#patterns.delete(pattern);
      this.#o.subscriber.punsubscribe(pattern).catch(() => {});
    }
  }

  /**
   * Delivers what a prefix watcher may have missed while it was not subscribed: every entry
   * committed after its last catch-up, per counter (changes() drops what was already emitted).
   * Not from the newest stamp it emitted: a notification heard since the reconnect can have
   * raised that past a commit made during the outage.
   */
  async #catchUp(watcher: PrefixWatcher): Promise<void> {
    // What is at or before each counter as read here (while subscribed) is delivered once the
    // listing below is pending; what comes after it is notified, or found by the catch-up that
    // follows a lost subscriber. Without counters to read, list from the start.
    const wanted = (): boolean => this.#watchers.has(watcher);
    const counters = await this.#retrying(() => this.#counters(), wanted);
    const listed = new Map(watcher.listedTo);
    const sinceOf = (clock: string): string => listed.get(clock) ?? watcher.start;
    const since = this.#o.clockOf ? watcher.start : sinceOf("");
    const entries = await this.#retrying(() => this.#o.listSince(watcher.hexPrefix, since, sinceOf), wanted);
    this.#reads += entries.length;
    for (const { hex, raw } of entries) watcher.pending.set(hex, raw);
    for (const [clock, counter] of counters ?? []) {
      if (counter > watcher.listedToOf(clock)) watcher.listedTo.set(clock, counter);
    }
    if (entries.length > 0) watcher.sink?.wake();
  }

  // Each counter's latest versionstamp; null when there are several and no way to read them.
  async #counters(): Promise<Map<string, string> | null> {
    if (!this.#o.clockOf) return new Map([["", await this.#o.currentVersionstamp()]]);
    return this.#o.counters ? this.#o.counters() : null;
  }

  #clockOf(hex: string): string {
    return this.#o.clockOf?.(hex) ?? "";
  }

  // A watcher's emitted versionstamps outgrew its bound: find a later point up to which every
  // commit is delivered or pending (its listedTo), which the next changes() makes the floor.
  #prune(watcher: PrefixWatcher): void {
    if (this.#o.subscriber.notificationsByNode === undefined) {
      this.#settling ??= this.#settle()
        .catch(() => {})
        .finally(() => (this.#settling = null));
      return;
    }
    // Several connections: a commit can run on a node the subscriber does not listen to yet (a
    // slot migrating to a new primary), so only a listing proves what was committed.
    if (this.#pruning.has(watcher)) return;
    this.#pruning.add(watcher);
    void this.#catchUp(watcher)
      .catch(() => {})
      .finally(() => this.#pruning.delete(watcher));
  }

  /**
   * One connection to the one server every commit runs on: its answer to a PING sent after a
   * counter read comes after the notification of every commit that read saw, and once those
   * are read, each such commit is delivered or pending. Given up if the subscriber dropped or
   * came back meanwhile (its resync catches up instead).
   */
  async #settle(): Promise<void> {
    const epoch = this.#epoch;
    if (!this.#live || this.#partialResyncs > 0 || this.#o.subscriber.status !== "ready") return;
    // Only watchers subscribed before the counter read: a later one may have missed commits it saw.
    const watchers = [...this.#watchers].filter((w): w is PrefixWatcher => w instanceof PrefixWatcher && w.started);
    const counters = await this.#counters();
    if (counters === null) return;
    await this.#o.subscriber.ping();
    await this.#flush();
    if (epoch !== this.#epoch || !this.#live || this.#closed) return;
    for (const watcher of watchers) {
      for (const [clock, counter] of counters) {
        if (counter > watcher.listedToOf(clock)) watcher.listedTo.set(clock, counter);
      }
    }
  }

  #onNotification(channel: string, prefixNews: boolean): void {
    this.#notifications++;
    const dataKey = channel.slice(this.#channelPrefix.length);
    this.#dirty.set(dataKey, prefixNews || (this.#dirty.get(dataKey) ?? false));
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Notifications that arrive in the same tick share one pipelined read.
    setImmediate(() => {
      this.#flushScheduled = false;
      void this.#flush();
    });
  }

  // One read loop at a time; a caller that finds one running waits for it, and it runs until
  // nothing is dirty, the caller's keys included.
  #flush(): Promise<void> {
    this.#flushRun ??= this.#drain().finally(() => (this.#flushRun = null));
    return this.#flushRun;
  }

  async #drain(): Promise<void> {
    while (this.#dirty.size > 0 && !this.#closed) {
      const dirty = [...this.#dirty].filter(([key]) => this.#isWatched(key));
      this.#dirty.clear();
      const dataKeys = dirty.map(([key]) => key);
      if (dataKeys.length === 0) break;
      // A read fails only once the hub is closed: nothing is left to deliver to.
      const values = await this.#readWithRetry(dataKeys).catch(() => null);
      if (values === null) return;
      this.#apply(dataKeys, values, dirty.map(([, prefixNews]) => prefixNews));
    }
  }

  #isWatched(dataKey: string): boolean {
    return this.#keys.has(dataKey) || this.#prefixStatesOf(dataKey).length > 0;
  }

  #prefixStatesOf(dataKey: string): PatternState[] {
    if (this.#patterns.size === 0) return [];
    const hex = this.#o.hexOf(dataKey);
    return [...this.#patterns.values()].filter((state) => isUnderPrefix(hex, state.hexPrefix));
  }

  async #readWithRetry(dataKeys: string[]): Promise<(Buffer | null)[]> {
    const values = await this.#retrying(() => this.#o.read(dataKeys));
    this.#reads += dataKeys.length;
    return values;
  }

  // While Redis is away a read fails; the hub keeps trying, then delivers the latest state: a
  // watch waits out an outage rather than ending.
  // Until it answers, the hub closes, or (with `wanted`) nobody needs the answer any more.
  async #retrying<T>(read: () => Promise<T>, wanted: () => boolean = () => true): Promise<T> {
    for (;;) {
      try {
        return await read();
      } catch (error) {
        if (this.#closed || !wanted()) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  // Reads on one connection answer in the order they were sent, so the last applied read is
  // always the freshest: a state never goes back in time. Every key of a read is applied
  // before any watcher hears of it, so no one sees half of a commit. `prefixNews` is null for
  // a first read (nothing was notified), else per key whether prefix watchers hear of it.
  #apply(dataKeys: string[], values: (Buffer | null)[], prefixNews: boolean[] | null): void {
    const notified = prefixNews !== null;
    const woken = new Set<KeyWatcher | PrefixWatcher>();
    dataKeys.forEach((dataKey, k) => {
      const raw = values[k];
      const state = this.#keys.get(dataKey);
      if (state) {
        const versionstamp = versionstampOf(raw);
        const changed = versionstamp !== state.versionstamp;
        state.raw = raw;
        state.versionstamp = versionstamp;
        for (const watcher of state.watchers) {
          if (watcher.notified && notified) {
            const flags = watcher.notified;
            watcher.dataKeys.forEach((key, i) => {
              if (key === dataKey) flags[i] = true;
            });
            woken.add(watcher);
          } else if (changed) woken.add(watcher);
        }
      }
      if (!prefixNews?.[k]) return;
      const hex = this.#o.hexOf(dataKey);
      for (const pattern of this.#prefixStatesOf(dataKey)) {
        for (const watcher of pattern.watchers) {
          watcher.pending.set(hex, raw);
          woken.add(watcher);
        }
      }
    });
    for (const watcher of woken) watcher.sink?.wake();
  }

  /** The watcher's next emission, or null when none of its keys changed since the last. */
  snapshot(watcher: KeyWatcher): KvWatchSnapshot | null {
    const changed: number[] = [];
    const { notified } = watcher;
    watcher.states.forEach((state, i) => {
      if (state.versionstamp !== watcher.emitted[i] || notified?.[i]) changed.push(i);
    });
    if (changed.length === 0) return null;
    const entries = watcher.states.map((state, i) => {
      watcher.emitted[i] = state.versionstamp;
      if (notified) notified[i] = false;
      const key = watcher.keys[i];
      return state.raw === null
        ? { key, value: null, versionstamp: null }
        : this.#o.decode(key, state.raw);
    });
    return Object.assign(entries, { changed }) as unknown as KvWatchSnapshot;
  }

  /** The prefix watcher's pending changes, in commit order, minus what it has already seen. */
  changes(watcher: PrefixWatcher): KvEntryMaybe[] {
    if (!watcher.started) return [];
    // Once what is pending now is emitted, every commit up to listedTo is delivered.
    const delivered = new Map(watcher.listedTo);
    const entries: KvEntryMaybe[] = [];
    for (const [hex, raw] of watcher.pending) {
      const key = this.#o.decodeKey(hex);
      if (raw === null) {
        // One deletion heard twice (on Cluster, one notification can come from several nodes)
        // is one change: the key was already reported gone.
        if (watcher.emitted.get(hex) === DELETED) continue;
        watcher.emitted.set(hex, DELETED);
        entries.push({ key, value: null, versionstamp: null });
        continue;
      }
      const versionstamp = versionstampOf(raw);
      // Already emitted (a catch-up lists it again, or a re-read finds it unchanged), or at
      // or before its counter's floor: from before the watch started (with several counters
      // a start bounds each of them), or delivered already though no longer in `emitted`.
      const seen = watcher.emitted.get(hex) || watcher.floorOf(this.#clockOf(hex));
      if (versionstamp === null || versionstamp <= seen) continue;
      watcher.emitted.set(hex, versionstamp);
      entries.push(this.#o.decode(key, raw));
    }
    watcher.pending.clear();
    this.#raiseFloor(watcher, delivered);
    if (watcher.emitted.size >= watcher.pruneAt) this.#prune(watcher);
    // Commit order, the order a change feed is read in; deletions carry no versionstamp.
    entries.sort((a, b) => order(a.versionstamp) - order(b.versionstamp) || compare(a.versionstamp, b.versionstamp));
    return entries;
  }

  // Every commit up to `delivered` (per counter) is delivered: a versionstamp at or before it
  // no longer needs remembering key by key.
  #raiseFloor(watcher: PrefixWatcher, delivered: Map<string, string>): void {
    let raised = false;
    for (const [clock, stamp] of delivered) {
      if (stamp <= watcher.floorOf(clock)) continue;
      watcher.floor.set(clock, stamp);
      raised = true;
    }
    if (!raised) return;
    for (const [hex, versionstamp] of watcher.emitted) {
      if (versionstamp <= watcher.floorOf(this.#clockOf(hex))) watcher.emitted.delete(hex);
    }
    // Pruning again only once the rest has doubled: a watch whose changes outrun the settles
    // does not start one per emission.
    watcher.pruneAt = Math.max(PRUNE_EMITTED_AT, 2 * watcher.emitted.size);
  }

  async #resync(): Promise<void> {
    const { subscriber } = this.#o;
    const channels = [...this.#keys.keys()].map((key) => this.#channelPrefix + key);
    const patterns = [...this.#patterns.keys()];
    try {
      for (let i = 0; i < channels.length; i += 1000) await subscriber.subscribe(...channels.slice(i, i + 1000));
      if (patterns.length > 0) await subscriber.psubscribe(...patterns);
    } catch {
      return; // the connection dropped again; the next ready event resyncs
    }
    // Notifications are fire-and-forget: whatever changed while the subscriber was away
    // has to be found by reading again.
    for (const key of this.#keys.keys()) this.#dirty.set(key, true);
    await this.#flush();
    for (const watcher of this.#watchers) {
      if (watcher instanceof PrefixWatcher && watcher.started) await this.#catchUp(watcher).catch(() => {});
    }
    // Only if the connection did not drop again meanwhile (its next ready resyncs again).
    if (subscriber.status === "ready" && this.#partialResyncs === 0) this.#setLive(true);
  }

  // A part of the subscriber came back or moved (Cluster: a primary reconnected, failed over,
  // or took over slots): only the keys it now carries may have changed unnoticed.
  async #resyncSome(channels: string[], patterns: boolean): Promise<void> {
    this.#partialResyncs++;
    try {
      for (const channel of channels) {
        const dataKey = channel.slice(this.#channelPrefix.length);
        if (this.#keys.has(dataKey)) this.#dirty.set(dataKey, true);
      }
      await this.#flush();
      if (patterns) {
        for (const watcher of this.#watchers) {
          if (watcher instanceof PrefixWatcher && watcher.started) await this.#catchUp(watcher).catch(() => {});
        }
      }
    } finally {
      this.#partialResyncs--;
    }
    if (this.#o.subscriber.status === "ready" && this.#partialResyncs === 0) this.#setLive(true);
  }
}

/** The same test as the glob in #pattern: a key strictly under the prefix, not a look-alike. */
function isUnderPrefix(hex: string, hexPrefix: string): boolean {
  return hex.length > hexPrefix.length && hex.startsWith(hexPrefix) && hex[hexPrefix.length] <= "2";
}

function order(versionstamp: string | null): number {
  return versionstamp === null ? 1 : 0;
}

function compare(a: string | null, b: string | null): number {
  if (a === b || a === null || b === null) return 0;
  return a < b ? -1 : 1;
}
