// mapSource: turn a source's values into SSE events (a watch's snapshots into stats).
//
// An async generator (`for await (const x of watch) yield f(x)`) would look simpler, but a
// generator queues return() behind its pending next(): a client that leaves an idle page
// would keep its watch until the next change. This wrapper cancels the source at once.

import { openSource, type StreamSource } from "./source";

export function mapSource<T, U>(
  source: StreamSource<T>,
  transform: (value: T) => U | Promise<U>,
): AsyncIterableIterator<U> {
  const input = openSource(source);
  let done = false;
  const iterator: AsyncIterableIterator<U> = {
    next() {
      if (done) return Promise.resolve({ done: true, value: undefined });
      // Plain promise chaining, no async function: one step fewer per event per connection,
      // and a synchronous transform costs no extra await.
      return input.next().then((result): IteratorResult<U, undefined> | Promise<IteratorResult<U, undefined>> => {
        if (done || result.done) {
          done = true;
          return { done: true, value: undefined };
        }
        const mapped = transform(result.value);
        return mapped instanceof Promise ? mapped.then((value) => ({ done: false, value })) : { done: false, value: mapped };
      });
    },
    async return() {
      done = true;
      await input.cancel();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
