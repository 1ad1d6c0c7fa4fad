// One shared thing per (owner, key) in a process, held by whoever uses it: made by its first
// holder, closed when its last holder lets go. The owner is usually a Kv, so tests and tools
// with their own Kv never share with the app's. A room's log, a room's presence feed, a
// link's stats and a member's presence mark are each kept this way: cost grows with rooms,
// links and members, not with open pages.
//
// A shared thing that fails (its watch ended, its producer threw) calls `forget` given to it
// at creation: its present holders keep it until they let go, and the next one to ask gets
// a fresh one.

/** A hold on a shared thing; release() is safe to call more than once. */
export interface Lease<V> {
  readonly value: V;
  release(): void;
}

interface Entry<V> {
  value: V;
  holders: number;
}

export class SharedRegistry<V> {
  #byOwner = new WeakMap<object, Map<string, Entry<V>>>();
  #created = 0;

  /** `close` runs once per shared thing, when its last holder lets go. */
  constructor(private readonly close: (value: V) => void) {}

  /**
   * Holds the thing `key` of `owner`, made by `create` if there is none (or the last one was
   * forgotten). `create` is given `forget`, to call when the thing can no longer serve.
   */
  acquire(owner: object, key: string, create: (forget: () => void) => V): Lease<V> {
    let byKey = this.#byOwner.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.#byOwner.set(owner, byKey);
    }
    const map = byKey;
    let entry = map.get(key);
    if (!entry) {
      let made: Entry<V> | undefined;
      let forgotten = false;
      const forget = (): void => {
        forgotten = true;
        if (made !== undefined && map.get(key) === made) map.delete(key);
      };
      made = { value: create(forget), holders: 0 };
      this.#created++;
      // Failed while being made: its holder gets it (and its failure), no one else does.
      if (!forgotten) map.set(key, made);
      entry = made;
    }
    entry.holders++;
    const held = entry;
    let released = false;
    return {
      value: held.value,
      release: () => {
        if (released) return;
        released = true;
        if (--held.holders > 0) return;
        if (map.get(key) === held) map.delete(key);
        this.close(held.value);
      },
    };
  }

  /** The things of `owner` held now. */
  size(owner: object): number {
    return this.#byOwner.get(owner)?.size ?? 0;
  }

  /** The things of `owner` held now, in the order they were made. */
  values(owner: object): V[] {
    return [...(this.#byOwner.get(owner)?.values() ?? [])].map((entry) => entry.value);
  }

  /** Things made since the process began. */
  get created(): number {
    return this.#created;
  }
}
