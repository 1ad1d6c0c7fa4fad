// One producer, many readers: the producer runs once however many readers there are, each
// reader gets the latest value (at most one pending, latest wins), and the producer stops
// when the last reader leaves. Live link stats use it so that 50 browser tabs on one link
// cost one watch and one stats read per change, not 50.

import { LatestIterator } from "./latest-iterator";

/** Produces values until `signal` aborts (resolve: the feed ended; reject: it failed). */
export type FeedProducer<T> = (emit: (value: T) => void, signal: AbortSignal) => Promise<void>;

export class SharedFeed<T> {
  #produce: FeedProducer<T>;
  #onClose: () => void;
  #readers = new Set<LatestIterator<T>>();
  #latest: { value: T } | null = null;
  #abort = new AbortController();
  #started = false;
  #closed = false;

  /** `onClose` runs once, when the feed stops (last reader gone, or the producer ended). */
  constructor(produce: FeedProducer<T>, onClose: () => void) {
    this.#produce = produce;
    this.#onClose = onClose;
  }

  get readers(): number {
    return this.#readers.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A reader whose first value is the feed's current one (as soon as there is one). */
  subscribe(signal?: AbortSignal): AsyncIterableIterator<T> {
    if (this.#closed) throw new Error("SharedFeed: subscribe after close");
    const reader: LatestIterator<T> = new LatestIterator<T>(() => this.#leave(reader));
    this.#readers.add(reader);
    if (this.#latest) reader.push(this.#latest.value);
    if (!this.#started) this.#start();
    if (signal?.aborted) void reader.return();
    else signal?.addEventListener("abort", () => void reader.return(), { once: true });
    return reader;
  }

  #start(): void {
    this.#started = true;
    const emit = (value: T): void => {
      if (this.#closed) return;
      this.#latest = { value };
      for (const reader of this.#readers) reader.push(value);
    };
    this.#produce(emit, this.#abort.signal).then(
      () => this.#close(undefined),
      (error: unknown) => this.#close(error ?? new Error("feed failed")),
    );
  }

  #leave(reader: LatestIterator<T>): void {
    this.#readers.delete(reader);
    if (this.#readers.size === 0) this.#close(undefined);
  }

  #close(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    for (const reader of this.#readers) reader.end(error);
    this.#readers.clear();
    this.#onClose();
  }
}
