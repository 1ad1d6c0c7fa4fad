// One producer, many readers, per (Kv, name): the producer runs while anyone reads, each
// reader gets the newest value (the current one at once when it joins), and the producer
// stops when the last reader leaves. A room's presence and the rooms list are computed once
// per process per change, whatever the number of open pages: cost grows with changes, not
// with viewers.

import type { Kv } from "@/lib/kv";
import { LatestValue } from "./latest-value";

/** Produces values until `signal` aborts. Resolving ends the feed; rejecting fails its readers. */
export type Producer<T> = (emit: (value: T) => void, signal: AbortSignal) => Promise<void>;

class SharedFeed<T> {
  readonly #readers = new Set<LatestValue<T>>();
  readonly #abort = new AbortController();
  #latest: { value: T } | null = null;
  #closed = false;

  constructor(produce: Producer<T>, private readonly onClose: () => void) {
    produce((value) => this.#emit(value), this.#abort.signal).then(
      () => this.#close(undefined),
      (error: unknown) => this.#close(error ?? new Error("feed failed")),
    );
  }

  get closed(): boolean {
    return this.#closed;
  }

  subscribe(): LatestValue<T> {
    const reader: LatestValue<T> = new LatestValue<T>(() => this.#leave(reader));
    this.#readers.add(reader);
    if (this.#latest) reader.push(this.#latest.value);
    return reader;
  }

  #emit(value: T): void {
    if (this.#closed) return;
    this.#latest = { value };
    for (const reader of this.#readers) reader.push(value);
  }

  #leave(reader: LatestValue<T>): void {
    this.#readers.delete(reader);
    if (this.#readers.size === 0) this.#close(undefined);
  }

  #close(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    for (const reader of this.#readers) reader.end(error);
    this.#readers.clear();
    this.onClose();
  }
}

export class FeedRegistry<T> {
  #feeds = new WeakMap<Kv, Map<string, SharedFeed<T>>>();
  #opened = 0;

  /** A reader of the feed `name` on `kv`, starting `produce` if nobody is reading it yet. */
  subscribe(kv: Kv, name: string, produce: () => Producer<T>): AsyncIterableIterator<T> {
    let byName = this.#feeds.get(kv);
    if (!byName) {
      byName = new Map();
      this.#feeds.set(kv, byName);
    }
    let feed = byName.get(name);
    if (!feed || feed.closed) {
      const map = byName;
      const created: SharedFeed<T> = new SharedFeed<T>(produce(), () => {
        if (map.get(name) === created) map.delete(name);
      });
      feed = created;
      map.set(name, feed);
      this.#opened++;
    }
    return feed.subscribe();
  }

  /** Feeds running now on `kv`. */
  running(kv: Kv): number {
    return this.#feeds.get(kv)?.size ?? 0;
  }

  /** Feeds started since the process began (each one a producer run). */
  get opened(): number {
    return this.#opened;
  }
}
