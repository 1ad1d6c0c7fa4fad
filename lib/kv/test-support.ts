// Shared helpers for lib/kv's integration tests, on one of two back-ends (never a mock):
// - one real redis-server per test file, started in beforeAll and stopped in afterAll (the
//   default, vitest project "redis");
// - one real Redis Cluster (3 primaries + 3 replicas) shared by every file of the run
//   (LIVEKV_TEST_BACKEND=cluster, vitest project "kv-cluster", started by
//   scripts/redis/fixtures/kv-cluster-setup.ts).
// Each test opens its Kv instances with a unique `prefix`, so tests never see each other's keys.

import { once } from "node:events";
import { afterAll, afterEach, beforeAll, expect, inject, it } from "vitest";
import Redis, { Cluster } from "ioredis";
import { startRedisServer, type RedisServer, type RedisServerOptions } from "@/scripts/redis/redis-server";
import { Buckets, SINGLE_BUCKET } from "./buckets";
import { encodeKey } from "./key-codec";
import { openKv, type OpenKvClusterOptions, type OpenKvOptions } from "./index";
import type { KvEntry, KvKey, KvListSelector, KvListOptions } from "./types";

export type Kv = Awaited<ReturnType<typeof openKv>>;

let prefixCounter = 0;

/** A keyspace prefix no other test (or test run) uses. */
export function uniquePrefix(label = "t"): string {
  prefixCounter += 1;
  return `test-${label}-${process.pid}-${Date.now().toString(36)}-${prefixCounter}`;
}

export type KvTestBackend = "single" | "cluster";

/** The back-end this run's lib/kv tests use. */
export const backend: KvTestBackend = process.env.LIVEKV_TEST_BACKEND === "cluster" ? "cluster" : "single";

/** The partition rule of a test Kv on Cluster: openKv's default. */
export const CLUSTER_TEST_RULE = { buckets: 64, partitionKeyParts: 2 } as const;

/**
 * What a test Kv on Cluster is opened with beyond its nodes: an app's tests set its partition
 * rule here (a vitest setup file), so that they run with the partitions the app uses.
 */
export const clusterTestOptions: Omit<OpenKvClusterOptions, "nodes"> = {};

/** A plain client of the test Redis: one connection, or a Cluster client. */
export type TestRedis = Redis | Cluster;

/**
 * A test whose commits span keys of different partitions (say ["a"] and ["b"]). On Cluster
 * such a commit is refused before anything is written (cluster/cluster-kv.test.ts), so these
 * run on one Redis only; atomicity within a partition is tested on Cluster there.
 */
export const itAcrossPartitions = it.skipIf(backend === "cluster");

/**
 * A test of one redis-server as such (its faults, or the commands it is sent, seen with
 * MONITOR): skipped on Cluster, whose faults and commands have their own tests.
 */
export const itOnOneServer = it.skipIf(backend === "cluster");

export interface KvTestEnv {
  readonly backend: KvTestBackend;
  /** The file's redis-server (single back-end only). */
  readonly server: RedisServer;
  /** The file's Redis URL (single back-end only). */
  readonly url: string;
  /** How openKv reaches this back-end: { url } or { cluster }. */
  readonly target: Pick<OpenKvOptions, "url" | "cluster">;
  /** Opens a Kv on this file's Redis; a fresh keyspace unless `prefix` is given. Closed after the test. */
  open(prefix?: string, options?: Omit<OpenKvOptions, "url" | "cluster" | "prefix">): Promise<Kv>;
  /** A plain ioredis client of the same Redis (closed after the file). */
  redis(): TestRedis;
  /** The Redis key that holds a KV key's entry in a Kv of this prefix (on this back-end). */
  dataKey(prefix: string, key: KvKey): string;
}

/**
 * Registers beforeAll/afterAll hooks that start (and stop) one redis-server for the
 * calling test file, and afterEach hooks that close every Kv a test opened.
 */
export function useKvTestEnv(options: RedisServerOptions = {}): KvTestEnv {
  let server: RedisServer | undefined;
  let plain: TestRedis | undefined;
  const opened = new Set<Kv>();

  beforeAll(async () => {
    if (backend === "single") server = await startRedisServer(options);
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
    backend,
    get server() {
      if (backend === "cluster") throw new Error("this test needs one redis-server: list it in vitest.config.ts's SINGLE_SERVER_ONLY");
      if (!server) throw new Error("redis-server not started (use inside a test)");
      return server;
    },
    get url() {
      return env.server.url;
    },
    get target() {
      return backend === "cluster" ? { cluster: { ...clusterTestOptions, nodes: clusterNodes() } } : { url: env.url };
    },
    async open(prefix, more = {}) {
      const kv = await openKv({ ...more, ...env.target, prefix: prefix ?? uniquePrefix() });
      opened.add(kv);
      return kv;
    },
    redis() {
      if (!plain) {
        plain =
          backend === "cluster"
            ? new Cluster(clusterNodes(), { scaleReads: "master", redisOptions: { maxRetriesPerRequest: 3 } })
            : new Redis(env.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
      }
      return plain;
    },
    dataKey(prefix, key) {
      const buckets = new Buckets(prefix, backend === "cluster" ? { ...CLUSTER_TEST_RULE, partitionOf: clusterTestOptions.partitionOf } : SINGLE_BUCKET);
      return buckets.dataKey(buckets.bucketOf(key), Buffer.from(encodeKey(key)).toString("hex"));
    },
  };
  return env;
}

function clusterNodes(): string[] {
  return inject("kvClusterNodes");
}

async function closeQuietly(kv: Kv): Promise<void> {
  try {
    await kv.close();
  } catch {
    // closing twice (a test closed it itself) is fine
  }
}

/**
 * Test data: sets every entry. On one Redis in one atomic commit; on Cluster, where a commit
 * stays within one partition, one commit per key (all sent at once). True when all committed.
 */
export async function setAll(kv: Kv, entries: Iterable<readonly [KvKey, unknown]>): Promise<boolean> {
  const list = [...entries];
  if (backend === "single") {
    const op = kv.atomic();
    for (const [key, value] of list) op.set(key, value);
    return (await op.commit()).ok;
  }
  const results = await Promise.all(list.map(([key, value]) => kv.set(key, value)));
  return results.every((result) => result.ok);
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

// Subscriptions are per node: on Cluster, every primary is asked. Not before the client has
// its first slot map: until then it holds no node at all, then every seed as a primary
// (replicas included), and the connections it rewires when the map comes drop the commands
// sent on them ("Connection is closed.").
async function primaries(redis: TestRedis): Promise<Redis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  if (redis.status !== "ready") await once(redis, "ready");
  return redis.nodes("master");
}

/** Channels any client is subscribed to on this Redis, on any primary (PUBSUB CHANNELS). */
export async function pubsubChannels(redis: TestRedis, pattern = "*"): Promise<string[]> {
  const replies = await Promise.all((await primaries(redis)).map((node) => node.call("PUBSUB", "CHANNELS", pattern) as Promise<string[]>));
  return replies.flat().sort();
}

/** Subscribers per channel, summed over primaries (PUBSUB NUMSUB). */
export async function pubsubNumsub(redis: TestRedis, channels: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(channels.map((channel) => [channel, 0]));
  for (const node of await primaries(redis)) {
    const reply = (await node.call("PUBSUB", "NUMSUB", ...channels)) as Array<string | number>;
    for (let i = 0; i < reply.length; i += 2) out.set(String(reply[i]), (out.get(String(reply[i])) ?? 0) + Number(reply[i + 1]));
  }
  return out;
}

/** Pattern subscriptions on this Redis (PUBSUB NUMPAT); on Cluster, where every primary has each, the most on one. */
export async function pubsubNumpat(redis: TestRedis): Promise<number> {
  const counts = await Promise.all((await primaries(redis)).map(async (node) => Number(await node.call("PUBSUB", "NUMPAT"))));
  return Math.max(...counts);
}

/**
 * The commands clients sent the Redis at `url` while `fn` ran (MONITOR; commands run inside
 * scripts excluded, or only those with `{ inScripts: true }`).
 */
export async function commandsSentDuring(url: string, fn: () => Promise<unknown>, { inScripts = false } = {}): Promise<string[]> {
  // monitor() opens a connection of its own; the client it is called on never needs to.
  const client = new Redis(url, { lazyConnect: true });
  const monitor = await client.monitor();
  const seen: string[] = [];
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if ((source === "lua") === inScripts) seen.push(args[0].toLowerCase());
  });
  try {
    await fn();
    // MONITOR output trails the replies slightly.
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    monitor.disconnect();
    client.disconnect();
  }
  return seen;
}
