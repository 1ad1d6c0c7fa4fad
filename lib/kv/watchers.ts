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

/** How many emitted versionstamps a prefix watcher keeps before the hub works to drop some. */
export const PRUNE_EMITTED_AT = 1000;

export class PrefixWatcher {
  /** Changed entries not yet emitted, latest per key. */
  readonly pending = new Map<string, Buffer | null>();
  /** Set once subscribed and its start point is known; nothing is emitted before. */
  started = false;
  sink: WatchSink | null = null;

  /**
   * The versionstamp last emitted of each key whose versionstamp is newer than its counter's
   * floor. A read gives a key's latest state, which can be newer than a commit on another key
   * not yet heard of (its notification is still on its way, or was lost with the subscriber):
   * what was emitted of one key says nothing of others. "" for a key last reported deleted.
   */
  readonly emitted = new Map<string, string>();
  /** emitted's size at which the hub works to prune it (it doubles while pruning frees little). */
  pruneAt = PRUNE_EMITTED_AT;

  /**
   * Per versionstamp counter (the hub's clockOf; "" when there is one): every commit at or
   * before it was delivered or is pending (it, or a later state of its key), so the next
   * catch-up lists from it. A counter not here: the watch's start.
   */
  readonly listedTo = new Map<string, string>();

  /**
   * Per counter: every commit at or before it was delivered (listedTo when pending was last
   * emitted). A key's emitted versionstamp at or before its counter's floor is dropped, and a
   * key not in `emitted` is new only past the floor. A counter not here: the watch's start.
   */
  readonly floor = new Map<string, string>();

  constructor(
    readonly hexPrefix: string,
    /** Where the watch starts: nothing at or before it is emitted ("": from now, set on start). */
    public start: string,
  ) {}

  listedToOf(clock: string): string {
    return this.listedTo.get(clock) ?? this.start;
  }

  floorOf(clock: string): string {
    return this.floor.get(clock) ?? this.start;
  }
}
