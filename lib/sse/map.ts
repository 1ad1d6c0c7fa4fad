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
    async next() {
      if (done) return { done: true, value: undefined };
      const result = await input.next();
      if (done || result.done) {
        done = true;
        return { done: true, value: undefined };
      }
      return { done: false, value: await transform(result.value) };
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
