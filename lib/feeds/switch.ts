// switchSource: a stream that follows another — each value of `outer` picks the source to
// read (`project(value)`), the previous one is cancelled. The posts list watches which posts
// are listed and, for each such list, the counters of those posts.

import { LatestIterator } from "./latest-iterator";
import { openSource, type SourceHandle, type StreamSource } from "./source";

/**
 * The values of the source `project` made of `outer`'s latest value, newest only (a slow
 * reader skips states in between). A failure of either ends the stream with that error;
 * return() cancels both at once, even while a next() is pending. Ends when `outer` ends.
 */
export function switchSource<T, U>(outer: StreamSource<T>, project: (value: T) => StreamSource<U>): AsyncIterableIterator<U> {
  const outerHandle = openSource(outer);
  let inner: SourceHandle<U> | null = null;
  const cancelAll = (): void => {
    void outerHandle.cancel();
    void inner?.cancel();
    inner = null;
  };
  const out = new LatestIterator<U>(cancelAll);
  const fail = (error: unknown): void => {
    out.end(error);
    cancelAll();
  };

  const follow = async (handle: SourceHandle<U>): Promise<void> => {
    for (;;) {
      const result = await handle.next();
      // A replaced source's late values are not the current state.
      if (result.done || out.ended || handle !== inner) return;
      out.push(result.value);
    }
  };

  void (async () => {
    for (;;) {
      const result = await outerHandle.next();
      if (out.ended) return;
      if (result.done) {
        out.end();
        cancelAll();
        return;
      }
      void inner?.cancel();
      const handle = openSource(project(result.value));
      inner = handle;
      follow(handle).catch((error: unknown) => {
        if (handle === inner) fail(error);
      });
    }
  })().catch(fail);
  return out;
}
