// One pull interface over the shapes a stream source comes in, so sseResponse and the
// combinators need not care whether they were given a watch (a ReadableStream), an async
// iterable or a shared live feed (a PushSource, read newest-first when pulled).

import { isPushSource, type PushSource } from "./push-source";
import { pullFrom } from "./shared-feed";

export type StreamSource<T> = AsyncIterable<T> | ReadableStream<T> | PushSource<T>;

export interface SourceHandle<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Asks the source to stop and release what it holds; safe to call more than once. */
  cancel(): Promise<void>;
}

export function openSource<T>(source: StreamSource<T>): SourceHandle<T> {
  let cancelled: Promise<void> | undefined;
  if (isPushSource<T>(source)) return openSource(pullFrom(source));
  if (source instanceof ReadableStream) {
    // A reader (not the stream's async iterator) because reader.cancel() settles a
    // pending read at once, so a watch is released even while it waits for a change.
    const reader = source.getReader();
    return {
      // The read result passed on as it is (no async wrapper): this runs once per event per
      // connection, and every promise counts when thousands of connections share a change.
      next: () => reader.read() as Promise<IteratorResult<T, undefined>>,
      cancel: () => (cancelled ??= reader.cancel().catch(() => undefined)),
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  return {
    next: () => {
      try {
        return Promise.resolve(iterator.next()) as Promise<IteratorResult<T, undefined>>;
      } catch (error) {
        return Promise.reject(error);
      }
    },
    // An async generator queues return() behind a pending next(); wrap long-waiting
    // sources with mapSource/mergeSources (which cancel eagerly) rather than a generator.
    cancel: () =>
      (cancelled ??= Promise.resolve()
        .then(() => iterator.return?.())
        .then(() => undefined, () => undefined)),
  };
}

/** Lets go of a source that will not be read: a push source holds nothing until listened to. */
export function discardSource<T>(source: StreamSource<T>): Promise<void> {
  return isPushSource<T>(source) ? Promise.resolve() : openSource(source).cancel();
}
