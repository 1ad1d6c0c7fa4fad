// Runs tasks one at a time per key, in arrival order. Sends to one room go through here so
// the messages this process commits to a room never race each other for the next seq
// (each would lose the room-record check to its neighbour and retry); only writers in
// other processes still can, and the commit's check settles those.

export class KeyedQueue {
  #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    // Forget the key once its queue is empty, so a process that served a million rooms
    // holds nothing for the idle ones.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running tasks (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}
