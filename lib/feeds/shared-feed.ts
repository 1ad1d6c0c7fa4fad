// One producer, many readers, per (owner, name) — the owner is usually a Kv: the producer runs while anyone reads, each
// reader gets the newest value (the current one at once when it joins), and the producer
// stops when the last reader leaves. A link's stats, a room's presence and the rooms list are
// computed once per process per change, whatever the number of open pages: cost grows with
// changes, not with viewers.
//
// Readers either listen (push: called synchronously for every value — the SSE front) or
// iterate (pull: a LatestIterator holding at most the newest unread value).
//
// A producer that fails because Redis is away (a read in the middle of an outage) does not end
// the feed: every reader would lose its stream for a fault that passes. It is started again
// after a pause, and its first value — the full state, read afresh — reaches every reader.

import { isRedisUnavailable } from "@/lib/redis/unavailable";
import { LatestIterator } from "./latest-iterator";
import type { PushListener, PushSource } from "./push-source";
import { SharedRegistry } from "./shared-registry";

/**
 * Produces values until `signal` aborts, the current state first. Resolving ends the feed;
 * rejecting fails its readers, unless Redis was unavailable: then it is run again.
 */
export type Producer<T> = (emit: (value: T) => void, signal: AbortSignal) => Promise<void>;

const RESTART_DELAY_MS = 500;

class SharedFeed<T> {
  readonly #listeners = new Set<PushListener<T>>();
  readonly #abort = new AbortController();
  #latest: { value: T } | null = null;
  #closed = false;

  constructor(
    private readonly produce: Producer<T>,
    /** Called when the feed ends by itself (its producer ended or failed): forget it. */
    private readonly onEnd: () => void,
  ) {
    this.#run();
  }

  #run(): void {
    this.produce((value) => this.#emit(value), this.#abort.signal).then(
      () => this.#end(undefined),
      (error: unknown) => {
        if (this.#closed) return;
        if (!isRedisUnavailable(error)) return this.#end(error ?? new Error("feed failed"));
        const again = setTimeout(() => {
          if (!this.#closed) this.#run();
        }, RESTART_DELAY_MS);
        again.unref();
      },
    );
  }

  listen(listener: PushListener<T>): () => void {
    this.#listeners.add(listener);
    if (this.#latest) listener.next(this.#latest.value);
    return () => void this.#listeners.delete(listener);
  }

  #emit(value: T): void {
    if (this.#closed) return;
    this.#latest = { value };
    for (const listener of this.#listeners) listener.next(value);
  }

  /** Stops the producer: its last reader has left. */
  close(): void {
    this.#end(undefined);
  }

  #end(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener.end(error);
    this.onEnd();
  }
}

/** A LatestIterator fed by a push source: pull at your own pace, newest value wins. */
export function pullFrom<T>(source: PushSource<T>, signal?: AbortSignal): LatestIterator<T> {
  let stop: (() => void) | undefined;
  const reader = new LatestIterator<T>(() => stop?.(), signal);
  if (reader.ended) return reader;
  stop = source.listen({ next: (value) => reader.push(value), end: (error) => reader.end(error) });
  // Ended while listen() delivered (a bad first value, an aborted signal): let go at once.
  if (reader.ended) stop();
  return reader;
}

export class FeedRegistry<T> {
  #feeds = new SharedRegistry<SharedFeed<T>>((feed) => feed.close());

  /** The feed `name` of `owner` as a push source; its producer starts with its first reader. */
  source(owner: object, name: string, produce: () => Producer<T>): PushSource<T> {
    return {
      listen: (listener) => {
        const lease = this.#feeds.acquire(owner, name, (forget) => new SharedFeed<T>(produce(), forget));
        const unlisten = lease.value.listen(listener);
        return () => {
          unlisten();
          lease.release();
        };
      },
    };
  }

  /** A pull reader of the feed `name` of `owner`, until `signal` aborts or it is returned. */
  subscribe(owner: object, name: string, produce: () => Producer<T>, signal?: AbortSignal): AsyncIterableIterator<T> {
    return pullFrom(this.source(owner, name, produce), signal);
  }

  /** Feeds of `owner` running now. */
  running(owner: object): number {
    return this.#feeds.size(owner);
  }

  /** Feeds started since the process began (each one a producer run). */
  get opened(): number {
    return this.#feeds.created;
  }
}
