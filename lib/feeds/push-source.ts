// A source that pushes: each value is handed to every listener synchronously, as it is
// produced. A shared feed with thousands of readers delivers a change to all of them in one
// loop, with no promise per reader; the reader decides what to do when it cannot keep up
// (the node:http SSE writer keeps the newest value until its socket drains).

export interface PushListener<T> {
  next(value: T): void;
  /** The source has ended: with `error` when it failed. Nothing follows. */
  end(error?: unknown): void;
}

export interface PushSource<T> {
  /**
   * Starts delivery to `listener`, the current value first when there is one (possibly
   * before this returns). Returns the way to stop; safe to call more than once.
   */
  listen(listener: PushListener<T>): () => void;
}

/** Tells a push source from the pull sources a stream can have instead (both async-iterable). */
export function isPushSource<T>(source: PushSource<T> | AsyncIterable<T> | ReadableStream<T>): source is PushSource<T> {
  return !(Symbol.asyncIterator in source);
}

/** The same source with every value passed through `transform`. */
export function mapPush<T, U>(source: PushSource<T>, transform: (value: T) => U): PushSource<U> {
  return {
    listen: (listener) =>
      source.listen({
        next: (value) => listener.next(transform(value)),
        end: (error) => listener.end(error),
      }),
  };
}
