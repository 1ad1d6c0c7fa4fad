// What the WatchHub knows of each watch: which keys, what it last emitted, and where to
// send word that something changed (its sink: a stream or a callback).

import type { KvKey } from "./types";

/** Shared by every watcher of one data key. */
export interface KeyState {
  raw: Buffer | null;
  versionstamp: string | null;
  watchers: Set<KeyWatcher>;
  ready: Promise<void>;
}

/** Told by the hub that its watcher has something new, or that the hub closed. */
export interface WatchSink {
  wake(): void;
  close(): void;
}

export class KeyWatcher {
  readonly states: KeyState[] = [];
  /** Versionstamp of each key in the last emission; undefined before the first. */
  readonly emitted: (string | null | undefined)[];
  /** With `raw`: keys notified since the last emission, changed or not. */
  readonly notified: boolean[] | null;
  sink: WatchSink | null = null;

  constructor(
    readonly keys: readonly KvKey[],
    readonly dataKeys: readonly string[],
    readonly raw: boolean,
  ) {
    this.emitted = new Array<undefined>(keys.length).fill(undefined);
    this.notified = raw ? new Array<boolean>(keys.length).fill(false) : null;
  }
}

export class PrefixWatcher {
  /** Changed entries not yet emitted, latest per key. */
  readonly pending = new Map<string, Buffer | null>();
  /** Set once subscribed and its start point is known; nothing is emitted before. */
  started = false;
  sink: WatchSink | null = null;

  /**
   * With several versionstamp counters (Cluster: one per bucket), the newest versionstamp
   * emitted of each: stamps of different counters say nothing about each other's order.
   */
  readonly newestByClock = new Map<string, string>();

  constructor(
    readonly hexPrefix: string,
    /** Newest versionstamp emitted: older reads are already delivered or superseded. */
    public newest: string,
    /** Where the watch starts: nothing at or before it is emitted. */
    public start = newest,
  ) {}
}
