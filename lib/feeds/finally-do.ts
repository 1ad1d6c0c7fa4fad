// finallyDo: run a clean-up once when a source is done with, whichever way it ends (it ends,
// it fails, or its reader returns): a room stream lets go of the visitor's presence so.

/** Calls `cleanup` once, when the source ends, fails, or is returned. */
export function finallyDo<T>(source: AsyncIterableIterator<T>, cleanup: () => void): AsyncIterableIterator<T> {
  let cleaned = false;
  const clean = (): void => {
    if (cleaned) return;
    cleaned = true;
    cleanup();
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      try {
        const result = await source.next();
        if (result.done) clean();
        return result;
      } catch (error) {
        clean();
        throw error;
      }
    },
    async return() {
      clean();
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
