// An async iterator that holds at most one undelivered value: a newer value replaces an
// older one that nobody has read yet. For live state (counts, stats) only the latest
// matters, and a slow reader must not make the server queue without bound.
//
// Hand-written rather than an async generator on purpose: a generator's return() waits
// behind a pending next(), so a client that leaves while nothing changes would keep its
// watch open until the next change. Here return() ends the iterator at once.

export class LatestIterator<T> implements AsyncIterableIterator<T> {
  #slot: { value: T } | null = null;
  #waiter: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  #ended = false;
  #error: { error: unknown } | null = null;
  #onReturn: (() => void) | null;

  /** `onReturn` runs once, when the reader stops early (return() or abort). */
  constructor(onReturn: () => void, signal?: AbortSignal) {
    this.#onReturn = onReturn;
    if (signal?.aborted) void this.return();
    else signal?.addEventListener("abort", () => void this.return(), { once: true });
  }

  /** Offers a value; replaces an unread one. Ignored once ended. */
  push(value: T): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = null;
      waiter.resolve({ done: false, value });
    } else {
      this.#slot = { value };
    }
  }

  /** Ends the stream from the producer's side: an unread value is still delivered first. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onReturn = null;
    if (error !== undefined) this.#error = { error };
    const waiter = this.#waiter;
    this.#waiter = null;
    if (waiter) {
      if (this.#error) waiter.reject(this.#error.error);
      else waiter.resolve({ done: true, value: undefined });
    }
  }

  get ended(): boolean {
    return this.#ended;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#slot) {
      const { value } = this.#slot;
      this.#slot = null;
      return Promise.resolve({ done: false, value });
    }
    if (this.#error) {
      const { error } = this.#error;
      this.#error = null;
      return Promise.reject(error);
    }
    if (this.#ended) return Promise.resolve({ done: true, value: undefined });
    if (this.#waiter) return Promise.reject(new TypeError("LatestIterator: one next() at a time"));
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
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
