// An async iterator holding at most one unread value: a newer one replaces it. For live
// state (who is online, the rooms list) only the newest matters, and a reader that cannot
// keep up must cost one slot, never a queue.
//
// Hand-written, not an async generator: a generator's return() waits behind its pending
// next(), so a reader that leaves while nothing changes would stay subscribed until the next
// change. Here return() ends it at once.

export class LatestValue<T> implements AsyncIterableIterator<T> {
  #slot: { value: T } | null = null;
  #waiter: { resolve: (result: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void } | null = null;
  #ended = false;
  #failure: { error: unknown } | null = null;
  #onReturn: (() => void) | null;

  /** `onReturn` runs once if the reader stops early (return()). */
  constructor(onReturn: () => void) {
    this.#onReturn = onReturn;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(value: T): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = null;
      waiter.resolve({ done: false, value });
    } else this.#slot = { value };
  }

  /** Ends it from the producer's side; an unread value is still delivered first. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onReturn = null;
    if (error !== undefined) this.#failure = { error };
    const waiter = this.#waiter;
    this.#waiter = null;
    if (!waiter) return;
    if (this.#failure) {
      waiter.reject(this.#failure.error);
      this.#failure = null;
    } else waiter.resolve({ done: true, value: undefined });
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#slot) {
      const { value } = this.#slot;
      this.#slot = null;
      return Promise.resolve({ done: false, value });
    }
    if (this.#failure) {
      const { error } = this.#failure;
      this.#failure = null;
      return Promise.reject(error);
    }
    if (this.#ended) return Promise.resolve({ done: true, value: undefined });
    if (this.#waiter) return Promise.reject(new TypeError("LatestValue: one next() at a time"));
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T, undefined>> {
    const onReturn = this.#onReturn;
    this.#slot = null;
    this.end();
    onReturn?.();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
