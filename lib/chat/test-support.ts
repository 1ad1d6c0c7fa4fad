// Helpers for lib/chat's integration tests (real redis-server per file: lib/kv/test-support).

import type { Kv } from "@/lib/kv";
import { expectFailure, TimeoutError, waitFor, withTimeout } from "@/lib/kv/test-support";
import { ChatError } from "./errors";

/**
 * Reads an async iterator until a value satisfies `predicate`; returns it and every value
 * read. A read that timed out is kept for the next call, so no value is ever lost.
 */
export class IteratorProbe<T> {
  #pending: Promise<IteratorResult<T, undefined>> | null = null;
  readonly seen: T[] = [];

  constructor(private readonly iterator: AsyncIterator<T, undefined>) {}

  #read(): Promise<IteratorResult<T, undefined>> {
    this.#pending ??= this.iterator.next().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async until(predicate: (value: T) => boolean, timeoutMs = 5_000, what = "a matching value"): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let result: IteratorResult<T, undefined>;
      try {
        result = await withTimeout(this.#read(), Math.max(1, deadline - Date.now()), what);
      } catch (error) {
        if (error instanceof TimeoutError) {
          throw new TimeoutError(`${error.message}; last value: ${JSON.stringify(this.seen.at(-1))}`);
        }
        throw error;
      }
      if (result.done) throw new Error(`ended while waiting for ${what}`);
      this.seen.push(result.value);
      if (predicate(result.value)) return result.value;
    }
  }

  /** Fails if a value arrives within `ms`. */
  async nothingFor(ms: number): Promise<void> {
    try {
      const result = await withTimeout(this.#read(), ms, "silence");
      throw new Error(`expected nothing for ${ms} ms, got ${JSON.stringify(result)}`);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

export interface ParsedEvent {
  id: string | undefined;
  type: string;
  data: unknown;
}

/**
 * Reads an SSE response body and parses complete events only (a frame cut by a chunk
 * boundary waits for its end), as a browser would.
 */
export class SseReader {
  readonly events: ParsedEvent[] = [];
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #decoder = new TextDecoder();
  #buffer = "";
  #ended = false;

  constructor(response: Response) {
    if (!response.body) throw new Error("response has no body");
    this.#reader = response.body.getReader();
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Reads one chunk; false at the end of the stream. */
  async #chunk(): Promise<boolean> {
    const { done, value } = await this.#reader.read();
    if (done) {
      this.#ended = true;
      return false;
    }
    this.#buffer += this.#decoder.decode(value, { stream: true });
    let end: number;
    while ((end = this.#buffer.indexOf("\n\n")) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const lines = block.split("\n");
      const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6));
      if (data.length === 0) continue;
      const id = lines.find((line) => line.startsWith("id: "))?.slice(4);
      const envelope = JSON.parse(data.join("\n")) as { type: string; data: unknown };
      this.events.push({ id, type: envelope.type, data: envelope.data });
    }
    return true;
  }

  /** Reads until `done(events)` holds or `timeoutMs` passes (then throws). */
  async until(done: (events: ParsedEvent[]) => boolean, timeoutMs = 5_000, what = "events"): Promise<ParsedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0 || this.#ended) {
        throw new Error(`${this.#ended ? "stream ended" : "timed out"} waiting for ${what}; have ${this.events.length} events, last ${JSON.stringify(this.events.at(-1))}`);
      }
      await withTimeout(this.#chunk(), left, what).catch((error: unknown) => {
        if (!(error instanceof TimeoutError)) throw error;
      });
    }
    return this.events;
  }

  cancel(): Promise<void> {
    return this.#reader.cancel().catch(() => {});
  }
}

/**
 * Connects the Kv's watch subscriber before a test starts streams. Works around a lib/kv race
 * (reported): a second (p)subscribe issued while the subscriber connection is between TCP
 * connect and ioredis's ready check is written early (Redis flags it "loading"), its reply
 * switches ioredis into subscriber mode, the ready check's INFO is then refused, and every
 * watch opened so far fails with "Connection in subscriber mode". A room stream opens two
 * prefix watches a few milliseconds apart, so a fresh Kv's first stream can hit it.
 */
export async function connectWatchHub(kv: Kv): Promise<void> {
  const reader = kv.watch([["test-support", "warm-up"]]).getReader();
  await reader.read();
  await waitFor(() => kv.watchStats().connected, "the watch subscriber to be ready");
  await reader.cancel();
}

/** The ChatError `promise` rejects with; any other outcome fails the test. */
export function chatError(promise: Promise<unknown>): Promise<ChatError> {
  return expectFailure(() => promise, ChatError);
}
