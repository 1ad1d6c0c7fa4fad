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
   * The versionstamp last emitted of each key. A read gives a key's latest state, which can
   * be newer than a commit on another key not yet heard of (its notification is still on its
   * way, or was lost with the subscriber): what was emitted of one key says nothing of others.
   */
  readonly emitted = new Map<string, string>();

  /**
   * Where the next catch-up lists from: every commit at or before it was delivered or is
   * pending (one counter only; with several, catch-ups list from the start).
   */
  listedTo: string;

  constructor(
    readonly hexPrefix: string,
    /** Where the watch starts: nothing at or before it is emitted ("": from now, set on start). */
    public start: string,
  ) {
    this.listedTo = start;
  }
}
