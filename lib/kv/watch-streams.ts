// The ReadableStreams that watch() and watchPrefix() return, and the callback form that
// subscribe() gives. Each is a sink the hub wakes; a stream builds its snapshot only when its
// reader asks, so a slow reader holds at most one pending snapshot (the latest).
// Classes with methods rather than closures: one object per watcher, not half a dozen,
// and no promise hops between a change and the reader beyond the read() itself.

import { logError } from "../log";
import type { KeyWatcher, PrefixWatcher, WatchSink } from "./watchers";
import type { KvEntryMaybe, KvWatchSnapshot } from "./types";
import type { WatchHub } from "./watch-hub";

abstract class PullSource<T> implements UnderlyingDefaultSource<T>, WatchSink {
  #controller: ReadableStreamDefaultController<T> | null = null;
  #pull: (() => void) | null = null;
  #pending = false;
  #closed = false;

  /** The next value to emit, or null when nothing changed after all. */
  protected abstract take(): T | null;
  protected abstract attach(): Promise<void>;
  protected abstract detach(): void;

  start(controller: ReadableStreamDefaultController<T>): void {
    this.#controller = controller;
    this.attach().catch((error: unknown) => {
      this.detach();
      if (!this.#closed) controller.error(error);
      this.#closed = true;
    });
  }

  pull(): Promise<void> | undefined {
    if (this.#pending) {
      this.#pending = false;
      if (this.#deliver()) return undefined;
    }
    if (this.#closed) return undefined;
    return new Promise((resolve) => (this.#pull = resolve));
  }

  cancel(): void {
    this.#closed = true;
    this.detach();
  }

  wake(): void {
    if (this.#pull === null) {
      this.#pending = true;
      return;
    }
    if (!this.#deliver()) return;
    const resolve = this.#pull;
    this.#pull = null;
    resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#controller?.close();
    this.#pull?.();
    this.#pull = null;
  }

  #deliver(): boolean {
    const value = this.take();
    if (value === null) return false;
    this.#controller?.enqueue(value);
    return true;
  }
}

export class KeyWatchSource extends PullSource<KvWatchSnapshot> {
  constructor(
    private readonly hub: WatchHub,
    private readonly watcher: KeyWatcher,
  ) {
    super();
    watcher.sink = this;
  }

  protected take(): KvWatchSnapshot | null {
    return this.hub.snapshot(this.watcher);
  }

  protected attach(): Promise<void> {
    return this.hub.addKeyWatcher(this.watcher);
  }

  protected detach(): void {
    this.hub.removeKeyWatcher(this.watcher);
  }
}

export class PrefixWatchSource extends PullSource<KvEntryMaybe[]> {
  constructor(
    private readonly hub: WatchHub,
    private readonly watcher: PrefixWatcher,
  ) {
    super();
    watcher.sink = this;
  }

  protected take(): KvEntryMaybe[] | null {
    const changes = this.hub.changes(this.watcher);
    return changes.length > 0 ? changes : null;
  }

  protected attach(): Promise<void> {
    return this.hub.addPrefixWatcher(this.watcher);
  }

  protected detach(): void {
    this.hub.removePrefixWatcher(this.watcher);
  }
}

/** subscribe(): the listener is called with each new snapshot, synchronously, as it comes. */
export class KeyWatchCallback implements WatchSink {
  constructor(
    private readonly hub: WatchHub,
    private readonly watcher: KeyWatcher,
    private readonly listener: (snapshot: KvWatchSnapshot) => void,
  ) {
    watcher.sink = this;
  }

  wake(): void {
    const snapshot = this.hub.snapshot(this.watcher);
    if (snapshot === null) return;
    try {
      this.listener(snapshot);
    } catch (error) {
      // One listener's bug must not stop the others from hearing about the change.
      logError("a watch listener threw", error);
    }
  }

  close(): void {}
}
