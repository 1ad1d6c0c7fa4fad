// mergeSources: several sources as one, in arrival order (a chat room's messages and its
// presence, a post's counters and its new comments), for one SSE connection per page.

import { openSource, type SourceHandle, type StreamSource } from "./source";

type Arrival<T> =
  | { index: number; result: IteratorResult<T, undefined> }
  | { index: number; error: unknown };

/**
 * Ends when every source has ended. The first source to fail cancels the rest and its
 * error is thrown from next(). return() cancels every source at once, even while a
 * next() is pending. Each source has at most one next() in flight, so this stays
 * pull-based: at most one buffered value per source.
 */
export function mergeSources<T>(...sources: StreamSource<T>[]): AsyncIterableIterator<T> {
  const handles: SourceHandle<T>[] = sources.map((source) => openSource(source));
  const open = new Set(handles.keys());
  const asked = new Set<number>();
  // Settled next() calls in the order they settled: first come, first served, so a source
  // that is always ready cannot starve a slower one. (Racing the pending promises instead
  // would also hang one more reaction on an idle source's promise per event.)
  const arrived: Arrival<T>[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  // next() calls are served one after another; overlapping calls would race for arrivals.
  let queue: Promise<unknown> = Promise.resolve();

  const ask = (index: number): void => {
    asked.add(index);
    const land = (arrival: Arrival<T>): void => {
      asked.delete(index);
      if (closed) return;
      arrived.push(arrival);
      wake?.();
    };
    handles[index].next().then(
      (result) => land({ index, result }),
      (error: unknown) => land({ index, error }),
    );
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    arrived.length = 0;
    wake?.();
    await Promise.all([...open].map((index) => handles[index].cancel()));
    open.clear();
  };

  const step = async (): Promise<IteratorResult<T, undefined>> => {
    while (!closed) {
      const arrival = arrived.shift();
      if (arrival === undefined) {
        for (const index of open) {
          if (!asked.has(index)) ask(index);
        }
        if (open.size === 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      if ("error" in arrival) {
        open.delete(arrival.index);
        await close();
        throw arrival.error;
      }
      if (arrival.result.done) {
        open.delete(arrival.index);
        continue;
      }
      return { done: false, value: arrival.result.value };
    }
    closed = true;
    return { done: true, value: undefined };
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      const result = queue.then(step);
      queue = result.catch(() => undefined);
      return result;
    },
    async return() {
      await close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
