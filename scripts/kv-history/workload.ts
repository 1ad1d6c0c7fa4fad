// The clients: each works through its own Kv (its own Redis connection), one operation at a
// time, on a few registers and counters, and records every operation in the history.
//
// Each register or counter moves to a fresh key every `keyLifetimeMs` (r0.0, then r0.1, …),
// as Jepsen's independent keys do: a key's history stays short, and with it the number of
// writes of unknown outcome the checker must consider at every later point of that key.
//
// Each operation has a bound: one that has not completed within `opTimeoutMs` is given up on
// and stays unknown. So does a write whose promise rejects: an error (a closed connection, a
// reconnect limit) says nothing about whether Redis ran the command before it, and the client
// resends unanswered commands after a reconnect. Only a read that fails is "failed": a read
// changes nothing. A check-and-set whose check fails is no failure: it completed, with a result
// (not applied) the checker verifies. A client whose operation ends unknown goes on as a new
// process, as in Jepsen: its old operation may still be in flight.

import type { AtomicCheck, KvCommitError, KvCommitResult, KvEntryMaybe, KvKey } from "@/lib/kv/types";
import { KvU64 } from "@/lib/kv/u64";
import type { History, Call, Outcome, Result, Value } from "./record";
import { Random } from "./random";
import type { Span } from "./nemesis";

/** The part of lib/kv's Kv the clients use: a test can put a Kv with a planted bug behind it. */
export interface KvUnderTest {
  get(key: KvKey): Promise<KvEntryMaybe<unknown>>;
  set(key: KvKey, value: unknown): Promise<KvCommitResult>;
  atomic(): AtomicUnderTest;
  close(): Promise<void>;
}

export interface AtomicUnderTest {
  check(...checks: AtomicCheck[]): AtomicUnderTest;
  set(key: KvKey, value: unknown): AtomicUnderTest;
  sum(key: KvKey, n: bigint): AtomicUnderTest;
  commit(): Promise<KvCommitResult | KvCommitError>;
}

export interface WorkloadOptions {
  /** One per client. */
  kvs: readonly KvUnderTest[];
  history: History;
  /** Each client draws its operations from its own generator, seeded with seed + its index. */
  seed: number;
  registers: readonly string[];
  counters: readonly string[];
  keyLifetimeMs: number;
  opTimeoutMs: number;
  /** Pause between a client's operations. */
  thinkMs?: Span;
}

/** Where the workload keeps a history key in the Kv. */
export function kvKey(key: string): KvKey {
  return ["history", key];
}

/** A value read from the Kv as the history records it: registers hold numbers, counters KvU64s. */
export function toValue(value: unknown): Value {
  if (value === null || typeof value === "number") return value;
  if (value instanceof KvU64) return value.value;
  throw new TypeError(`the history's keys hold numbers and KvU64s only, read ${String(value)}`);
}

interface Done {
  outcome: Outcome;
  /** For a get that completed: the entry it read. */
  entry?: KvEntryMaybe<unknown>;
}

export type KeyType = "register" | "counter";

export class Workload {
  /** Every key used so far, and what it holds. */
  readonly keys = new Map<string, KeyType>();
  readonly #o: WorkloadOptions & { thinkMs: Span };
  #stopped = false;
  #clients: Promise<void>[] = [];
  /** What stopped a client that crashed (a value of the wrong type read, say). */
  #crash: unknown = null;
  /** Every operation still in flight, including those given up on. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #nextProcess: number;
  #nextValue = 1;

  constructor(options: WorkloadOptions) {
    this.#o = { thinkMs: [0, 4], ...options };
    this.#nextProcess = options.kvs.length;
  }

  start(): void {
    this.#clients = this.#o.kvs.map((kv, index) =>
      this.#client(kv, index).catch((error: unknown) => {
        this.#crash ??= error;
        this.#stopped = true;
      }),
    );
  }

  /** Ends the clients' loops once their current operations are done or given up on; throws if one crashed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#clients);
    if (this.#crash !== null) throw this.#crash;
  }

  /** Waits up to `timeoutMs` for operations given up on to settle; returns how many have not. */
  async settle(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight.size > 0 && Date.now() < deadline) await sleep(50);
    return this.#inFlight.size;
  }

  async #client(kv: KvUnderTest, index: number): Promise<void> {
    const { registers, counters } = this.#o;
    const random = new Random(this.#o.seed + index);
    let process = index;
    while (!this.#stopped) {
      const name = random.pick([...registers, ...counters]);
      const type = registers.includes(name) ? "register" : "counter";
      const key = `${name}.${Math.floor(this.#o.history.now() / this.#o.keyLifetimeMs)}`;
      this.keys.set(key, type);
      const outcomes =
        type === "register"
          ? await this.#registerStep(kv, random, process, key)
          : await this.#counterStep(kv, random, process, key);
      if (outcomes.includes("unknown")) process = this.#nextProcess++;
      await sleep(random.between(...this.#o.thinkMs));
    }
  }

  /** A read, a blind write, or a read-then-check-and-set (the way Deno KV code updates a value). */
  async #registerStep(kv: KvUnderTest, random: Random, process: number, key: string): Promise<Outcome[]> {
    const roll = random.next();
    if (roll < 0.3) return [(await this.#run(kv, process, key, { kind: "get" })).outcome];
    if (roll < 0.5) return [(await this.#run(kv, process, key, { kind: "set", value: this.#nextValue++ })).outcome];
    const read = await this.#run(kv, process, key, { kind: "get" });
    if (read.outcome !== "ok" || !read.entry) return [read.outcome];
    const cas: Call = { kind: "cas", expected: toValue(read.entry.value), value: this.#nextValue++ };
    const write = await this.#run(kv, process, key, cas, read.entry.versionstamp);
    return [read.outcome, write.outcome];
  }

  async #counterStep(kv: KvUnderTest, random: Random, process: number, key: string): Promise<Outcome[]> {
    const call: Call = random.chance(0.25) ? { kind: "get" } : { kind: "sum", amount: BigInt(1 + random.int(5)) };
    return [(await this.#run(kv, process, key, call)).outcome];
  }

  /** Invokes `call` and records its outcome. `versionstamp` is what a check-and-set checks. */
  async #run(kv: KvUnderTest, process: number, key: string, call: Call, versionstamp: string | null = null): Promise<Done> {
    const op = this.#o.history.invoke(process, key, call);
    const attempt = execute(kv, kvKey(key), call, versionstamp);
    this.#inFlight.add(attempt);
    const forget = () => this.#inFlight.delete(attempt);
    attempt.then(forget, forget);

    const settled = await within(attempt, this.#o.opTimeoutMs);
    if (settled.status === "timed out") return { outcome: "unknown" };
    if (settled.status === "rejected") {
      if (call.kind !== "get") return { outcome: "unknown" };
      this.#o.history.failed(op);
      return { outcome: "failed" };
    }
    // Converted here, not in the attempt: a value of the wrong type crashes the run, it is no failed read.
    const { result, entry } = settled.value;
    this.#o.history.ok(op, entry ? { read: toValue(entry.value) } : result);
    return { outcome: "ok", entry };
  }
}

async function execute(
  kv: KvUnderTest,
  key: KvKey,
  call: Call,
  versionstamp: string | null,
): Promise<{ result?: Result; entry?: KvEntryMaybe<unknown> }> {
  switch (call.kind) {
    case "get":
      return { entry: await kv.get(key) };
    case "set":
      await kv.set(key, call.value);
      return {};
    case "cas": {
      const commit = await kv.atomic().check({ key, versionstamp }).set(key, call.value).commit();
      return { result: { applied: commit.ok } };
    }
    case "sum":
      await kv.atomic().sum(key, call.amount).commit();
      return {};
  }
}

type Settled<T> = { status: "fulfilled"; value: T } | { status: "rejected" } | { status: "timed out" };

function within<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: "timed out" }), ms);
  });
  const outcome = promise.then(
    (value): Settled<T> => ({ status: "fulfilled", value }),
    (): Settled<T> => ({ status: "rejected" }),
  );
  return Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
