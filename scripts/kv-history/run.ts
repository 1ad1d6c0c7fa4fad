// One run of the history test: a throwaway redis-server with `appendfsync always`, clients
// working on it through lib/kv while the nemesis breaks it, then every operation checked:
// linearizability per key, and each counter against its increments.

import { findFreePort } from "../redis/free-port";
import { startRedisServer } from "../redis/redis-server";
import { openKv, type Kv } from "@/lib/kv";
import { checkCounter, type CounterVerdict } from "./counters";
import { checkLinearizability, type KeyVerdict } from "./linearizable";
import { FAULT_KINDS, Nemesis, type FaultKind } from "./nemesis";
import { Random } from "./random";
import { History, type Call, type Operation, type Outcome, type Value } from "./record";
import { kvKey, toValue, Workload, type KvUnderTest } from "./workload";

/** The process number of the reads after the run. */
const FINAL_READER = -1;

export interface HistoryRunOptions {
  durationMs: number;
  /** Concurrent clients, each with its own Kv and connection (default 5). */
  clients?: number;
  /** Registers take get, set and check-and-set; counters get and sum (default 3 and 2). */
  registers?: number;
  counters?: number;
  /** Each register and counter moves to a fresh key this often (default 5,000 ms). */
  keyLifetimeMs?: number;
  /** A client gives an operation up, as unknown, after this long (default 1,000 ms). */
  opTimeoutMs?: number;
  /** Draws each client's operations and the fault schedule (default: random, and reported). */
  seed?: number;
  /** Run the nemesis (default true). */
  faults?: boolean;
  /**
   * Redis keeps an append-only file, fsynced before each reply (default true). With false it
   * keeps nothing across a kill or a restart: the run that shows the checkers notice lost writes.
   */
  durable?: boolean;
  /** What each client works through; default the Kv itself. A test plants a bug here. */
  underTest?: (kv: Kv) => KvUnderTest;
  log?: (line: string) => void;
}

export interface HistoryReport {
  seed: number;
  durationMs: number;
  keyLifetimeMs: number;
  operations: number;
  byKind: Record<Call["kind"], number>;
  outcomes: Record<Outcome, number>;
  faults: Record<FaultKind, number>;
  linearizability: KeyVerdict[];
  counters: CounterVerdict[];
  /** What the checkers found wrong, one line each. Empty: the history is consistent. */
  anomalies: string[];
  /** Keys the search gave up on: neither passed nor failed. */
  undecided: string[];
  /** Operations given up on that had still not settled when the clients closed. */
  unsettled: number;
  checkMs: number;
  history: readonly Operation[];
}

export async function runHistoryTest(options: HistoryRunOptions): Promise<HistoryReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const log = options.log ?? (() => undefined);
  const registers = names("r", options.registers ?? 3);
  const counters = names("c", options.counters ?? 2);
  const keyLifetimeMs = options.keyLifetimeMs ?? 5_000;
  const durable = options.durable ?? true;
  const server = await startRedisServer({ appendOnly: durable, appendFsync: "always", port: await findFreePort() });
  const kvs: Kv[] = [];
  try {
    const prefix = "history";
    for (let i = 0; i < (options.clients ?? 5); i++) kvs.push(await openKv({ url: server.url, prefix }));
    const history = new History();
    const workload = new Workload({
      kvs: kvs.map(options.underTest ?? ((kv) => kv)),
      history,
      seed: seed + 1,
      registers,
      counters,
      keyLifetimeMs,
      opTimeoutMs: options.opTimeoutMs ?? 1_000,
    });
    const nemesis = new Nemesis(server, { random: new Random(seed), now: () => history.now(), log });
    log(`seed ${seed}: ${kvs.length} clients on ${registers.length} registers and ${counters.length} counters, ${options.durationMs} ms`);

    await runFor(options.durationMs, workload, options.faults === false ? null : nemesis);
    // Closing a client settles whatever it still had queued: sent before its QUIT, or dropped.
    const unsettled = await workload.settle(10_000);
    await Promise.all(kvs.map((kv) => kv.close()));
    const finals = await readFinalValues(server.url, prefix, [...workload.keys.keys()], history);

    const started = performance.now();
    const linearizability = checkLinearizability(history.operations);
    const counterKeys = [...workload.keys].filter(([, type]) => type === "counter").map(([key]) => key);
    const counterVerdicts = counterKeys.sort().map((key) => checkCounter(key, history.operations, counterValue(finals.get(key))));
    const checkMs = performance.now() - started;

    return {
      seed,
      durationMs: options.durationMs,
      keyLifetimeMs,
      operations: history.operations.length,
      byKind: tally(history.operations, (op) => op.kind, ["get", "set", "cas", "sum"]),
      outcomes: tally(history.operations, (op) => op.outcome, ["ok", "failed", "unknown"]),
      faults: tally(nemesis.faults, (fault) => fault.kind, FAULT_KINDS),
      linearizability,
      counters: counterVerdicts,
      anomalies: [
        ...linearizability.filter((v) => v.verdict === "not linearizable").map((v) => `${v.key}: ${v.explanation}`),
        ...counterVerdicts.filter((v) => !v.ok).map((v) => `${v.key}: ${v.explanation}`),
      ],
      undecided: linearizability.filter((v) => v.verdict === "undecided").map((v) => v.key),
      unsettled,
      checkMs,
      history: history.operations,
    };
  } finally {
    await Promise.allSettled(kvs.map((kv) => kv.close()));
    await server.stop();
  }
}

/** Runs the workload, and the nemesis if any, for `ms`; a fault that could not be made ends the run early, with its error. */
async function runFor(ms: number, workload: Workload, nemesis: Nemesis | null): Promise<void> {
  workload.start();
  const faults = nemesis?.run();
  try {
    await (faults ? Promise.race([sleep(ms), faults]) : sleep(ms));
  } finally {
    nemesis?.stop();
    const ends = await Promise.allSettled([faults, workload.stop()]);
    for (const end of ends) if (end.status === "rejected") throw end.reason;
  }
}

/** After everything: one read of each key by a fresh client, recorded like any other operation. */
async function readFinalValues(url: string, prefix: string, keys: readonly string[], history: History): Promise<Map<string, Value>> {
  const finals = new Map<string, Value>();
  const kv = await openKv({ url, prefix });
  try {
    for (const key of keys) {
      const op = history.invoke(FINAL_READER, key, { kind: "get" });
      const value = toValue((await kv.get(kvKey(key))).value);
      history.ok(op, { read: value });
      finals.set(key, value);
    }
  } finally {
    await kv.close();
  }
  return finals;
}

function counterValue(value: Value | undefined): bigint | null {
  if (value === undefined || typeof value === "number") throw new TypeError(`a counter read ${String(value)}`);
  return value;
}

function names(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

function tally<T, K extends string>(items: readonly T[], keyOf: (item: T) => K, keys: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const item of items) counts[keyOf(item)]++;
  return counts;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
