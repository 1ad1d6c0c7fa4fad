// Shared helpers for lib/kv's integration tests. Every test file starts one real
// redis-server (never a mock) in beforeAll and stops it in afterAll; each test opens
// its Kv instances with a unique `prefix`, so tests never see each other's keys.

import { afterAll, afterEach, beforeAll, expect } from "vitest";
import Redis from "ioredis";
import { startRedisServer, type RedisServer, type RedisServerOptions } from "@/scripts/redis/redis-server";
import { openKv } from "./index";
import type { KvEntry, KvKey, KvListSelector, KvListOptions } from "./types";

export type Kv = Awaited<ReturnType<typeof openKv>>;

let prefixCounter = 0;

/** A keyspace prefix no other test (or test run) uses. */
export function uniquePrefix(label = "t"): string {
  prefixCounter += 1;
  return `test-${label}-${process.pid}-${Date.now().toString(36)}-${prefixCounter}`;
}

export interface KvTestEnv {
  readonly server: RedisServer;
  readonly url: string;
  /** Opens a Kv on this file's Redis; a fresh keyspace unless `prefix` is given. Closed after the test. */
  open(prefix?: string): Promise<Kv>;
  /** A plain ioredis connection to the same Redis (closed after the file). */
  redis(): Redis;
}

/**
 * Registers beforeAll/afterAll hooks that start (and stop) one redis-server for the
 * calling test file, and afterEach hooks that close every Kv a test opened.
 */
export function useKvTestEnv(options: RedisServerOptions = {}): KvTestEnv {
  let server: RedisServer | undefined;
  let plain: Redis | undefined;
  const opened = new Set<Kv>();

  beforeAll(async () => {
    server = await startRedisServer(options);
  });

  afterEach(async () => {
    const all = [...opened];
    opened.clear();
    await Promise.allSettled(all.map((kv) => closeQuietly(kv)));
  });

  afterAll(async () => {
    if (plain) {
      plain.disconnect();
      plain = undefined;
    }
    await server?.stop();
  });

  const env: KvTestEnv = {
    get server() {
      if (!server) throw new Error("redis-server not started (use inside a test)");
      return server;
    },
    get url() {
      return env.server.url;
    },
    async open(prefix?: string) {
      const kv = await openKv({ url: env.url, prefix: prefix ?? uniquePrefix() });
      opened.add(kv);
      return kv;
    },
    redis() {
      if (!plain) plain = new Redis(env.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
      return plain;
    },
  };
  return env;
}

async function closeQuietly(kv: Kv): Promise<void> {
  try {
    await kv.close();
  } catch {
    // closing twice (a test closed it itself) is fine
  }
}

/** Every entry of a listing, in order. */
export async function collect<T = unknown>(iter: AsyncIterable<KvEntry<T>>): Promise<KvEntry<T>[]> {
  const out: KvEntry<T>[] = [];
  for await (const entry of iter) out.push(entry);
  return out;
}

/** The keys of a listing, in order. */
export async function listKeys(kv: Kv, selector: KvListSelector, options?: KvListOptions): Promise<KvKey[]> {
  const entries = await collect(kv.list(selector, options));
  return entries.map((e) => e.key);
}

/** Plain-data view of keys for readable comparisons: Uint8Array → {bytes:[...]}, bigint → "123n". */
export function showKey(key: KvKey): unknown[] {
  return key.map((part) => {
    if (part instanceof Uint8Array) return { bytes: [...part] };
    if (typeof part === "bigint") return `${part}n`;
    if (typeof part === "number" && Object.is(part, -0)) return "-0";
    if (typeof part === "number" && !Number.isFinite(part)) return String(part);
    return part;
  });
}

export const VERSIONSTAMP = /^[0-9a-f]{20}$/;

/**
 * Expects `fn` to fail with `ctor` (and a message matching `message`), whether it throws
 * synchronously, returns a rejecting promise, or returns a ReadableStream that errors.
 */
export async function expectFailure<E extends Error>(
  fn: () => unknown,
  ctor: new (...args: never[]) => E,
  message?: RegExp,
): Promise<E> {
  let error: unknown;
  let outcome = "it succeeded";
  try {
    const result = fn();
    if (result && typeof (result as PromiseLike<unknown>).then === "function") {
      const value = await result;
      outcome = `it resolved with ${safeInspect(value)}`;
    } else if (result instanceof ReadableStream) {
      const reader = result.getReader();
      const read = await withTimeout(reader.read(), 3000, "the stream's first read");
      outcome = `its stream emitted ${safeInspect(read)}`;
      await reader.cancel().catch(() => {});
    }
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`expected a ${ctor.name}, but ${outcome}`);
  expect(error).toBeInstanceOf(ctor);
  if (message) expect((error as Error).message).toMatch(message);
  return error as E;
}

function safeInspect(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}

export class TimeoutError extends Error {}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value (which is returned) or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  { timeoutMs = 5000, intervalMs = 20 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${safeInspect(last)})`);
    await sleep(intervalMs);
  }
}

/**
 * Reads a stream one emission at a time with timeouts. A read that timed out stays
 * pending and is reused by the next call, so no emission is ever lost. No read is
 * started until asked for (so a test can leave the stream unread, like a slow consumer).
 */
export class StreamProbe<T> {
  readonly reader: ReadableStreamDefaultReader<T>;
  private pending: Promise<ReadableStreamReadResult<T>> | null = null;

  constructor(stream: ReadableStream<T>) {
    this.reader = stream.getReader();
  }

  private read(): Promise<ReadableStreamReadResult<T>> {
    if (!this.pending) {
      const p = this.reader.read();
      this.pending = p;
      p.then(
        () => {
          if (this.pending === p) this.pending = null;
        },
        () => {
          if (this.pending === p) this.pending = null;
        },
      );
    }
    return this.pending;
  }

  /** The next emission; fails if the stream ends or nothing comes within `timeoutMs`. */
  async next(timeoutMs = 5000, what = "the next emission"): Promise<T> {
    const result = await withTimeout(this.read(), timeoutMs, what);
    if (result.done) throw new Error(`stream ended while waiting for ${what}`);
    return result.value;
  }

  /** Reads emissions until one satisfies `predicate`; returns it. */
  async until(predicate: (value: T) => boolean, timeoutMs = 5000, what = "a matching emission"): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    const seen: T[] = [];
    for (;;) {
      const left = deadline - Date.now();
      let value: T;
      try {
        value = await this.next(Math.max(1, left), what);
      } catch (e) {
        if (e instanceof TimeoutError) {
          throw new TimeoutError(`${e.message}; saw ${seen.length} other emission(s): ${safeInspect(seen.slice(-3))}`);
        }
        throw e;
      }
      if (predicate(value)) return value;
      seen.push(value);
    }
  }

  /** Fails if anything is emitted within `ms`. */
  async expectNothing(ms: number, what = "no emission"): Promise<void> {
    try {
      const result = await withTimeout(this.read(), ms, what);
      throw new Error(`expected ${what} within ${ms} ms, got ${result.done ? "end of stream" : safeInspect(result.value)}`);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
  }

  /** Resolves when the stream ends (done) or errors; fails after `timeoutMs`. */
  async ended(timeoutMs = 5000): Promise<"done" | "error"> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const result = await withTimeout(this.read(), Math.max(1, deadline - Date.now()), "the stream to end");
        if (result.done) return "done";
      } catch (e) {
        if (e instanceof TimeoutError) throw e;
        return "error";
      }
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

/** The value of entry `i` of a watch snapshot. */
export function values(snapshot: ArrayLike<{ value: unknown }>): unknown[] {
  return Array.from(snapshot, (e) => e.value);
}

/** Channels any client is subscribed to on this Redis (PUBSUB CHANNELS). */
export async function pubsubChannels(redis: Redis, pattern = "*"): Promise<string[]> {
  return ((await redis.call("PUBSUB", "CHANNELS", pattern)) as string[]).sort();
}

/** Subscribers per channel (PUBSUB NUMSUB). */
export async function pubsubNumsub(redis: Redis, channels: string[]): Promise<Map<string, number>> {
  const reply = (await redis.call("PUBSUB", "NUMSUB", ...channels)) as Array<string | number>;
  const out = new Map<string, number>();
  for (let i = 0; i < reply.length; i += 2) out.set(String(reply[i]), Number(reply[i + 1]));
  return out;
}

/** Pattern subscriptions on this Redis (PUBSUB NUMPAT). */
export async function pubsubNumpat(redis: Redis): Promise<number> {
  return Number(await redis.call("PUBSUB", "NUMPAT"));
}
