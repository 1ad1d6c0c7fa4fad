// Is the history linearizable? That is: could every operation have taken effect at one
// instant between its invocation and its completion, in an order that the sequential model
// (model.ts) accepts, with the results the clients saw?
//
// The search is Wing & Gong's, as improved by Lowe ("Testing for linearizability", 2017) and
// used by Knossos and Porcupine. The history becomes a list of call and return events in time
// order. Walking it from the start, any call met before the first return may be linearized
// next, if the model accepts it; it is then lifted out of the list and the walk starts over.
// Meeting a return means that operation had to be linearized by then and was not: undo the
// last choice and try the next call after it. A memo of (set of linearized operations, state)
// pairs already tried keeps the search from exploring the same configuration twice.
//
// Keys are independent (each is its own register or counter), so each key is checked alone:
// far smaller searches than one over the whole history.
//
// Outcomes: a failed operation certainly did nothing, so it is left out; so is a read whose
// outcome is unknown (a read changes nothing, and its result is not known). An unknown write
// has no return event: it may be linearized anywhere after its call, or never, so the search
// succeeds once every operation that completed is linearized.

import { describeOperation, type Operation, type Value } from "./record";
import { stateKey, step } from "./model";
import { Random } from "./random";

export interface KeyVerdict {
  key: string;
  verdict: "linearizable" | "not linearizable" | "undecided";
  /** Operations the search had to place: those that completed, and writes of unknown outcome. */
  operations: number;
  /** Configurations tried. */
  explored: number;
  /** For "not linearizable": where the search got furthest, and what it could not place there. */
  explanation?: string;
}

export interface LinearizabilityOptions {
  /** Give up (verdict "undecided") after trying this many configurations. */
  maxExplored?: number;
}

/** Checks each key of the history on its own; one verdict per key, in key order. */
export function checkLinearizability(
  operations: readonly Operation[],
  options: LinearizabilityOptions = {},
): KeyVerdict[] {
  const byKey = new Map<string, Operation[]>();
  for (const op of operations) {
    if (!mustBePlaced(op)) continue;
    const ops = byKey.get(op.key) ?? [];
    ops.push(op);
    byKey.set(op.key, ops);
  }
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, ops]) => checkKey(key, ops, options.maxExplored ?? 2_000_000));
}

function mustBePlaced(op: Operation): boolean {
  if (op.outcome === "failed") return false;
  if (op.outcome === "unknown" && op.kind === "get") return false;
  return true;
}

interface Link {
  next: Event | null;
}

/** One event of the list: an operation's call or its return. Unknown operations have no return. */
interface Event extends Link {
  op: Operation;
  /** The operation's number within its key, for the memo. */
  id: number;
  isCall: boolean;
  /** For a call: its return event, if it has one. */
  ret: Event | null;
  prev: Link;
}

/** Where the search got furthest: how many completed operations it had linearized, and what stopped it. */
interface Furthest {
  placed: number;
  blocker: Operation | null;
  state: Value;
}

function checkKey(key: string, ops: readonly Operation[], maxExplored: number): KeyVerdict {
  const head = buildEvents(ops);
  const memo = new LinearizedSets(ops.length);
  const completed = ops.filter((op) => op.outcome === "ok").length;

  let state: Value = null;
  let unplaced = completed;
  const stack: { call: Event; stateBefore: Value }[] = [];
  let furthest: Furthest = { placed: -1, blocker: null, state: null };

  let entry = head.next;
  while (unplaced > 0) {
    // Every completed operation still unplaced has its return in the list, ahead of the walk.
    if (entry === null) throw new Error("linearizability search walked off the end of the history");
    if (entry.isCall) {
      const next = step(state, entry.op);
      if (next !== undefined && memo.tryAdd(entry.id, next)) {
        stack.push({ call: entry, stateBefore: state });
        state = next;
        lift(entry);
        if (entry.op.outcome === "ok") unplaced--;
        if (memo.size > maxExplored) return { key, verdict: "undecided", operations: ops.length, explored: memo.size };
        entry = head.next;
      } else {
        entry = entry.next;
      }
      continue;
    }
    // A return whose operation is not linearized yet: this order is a dead end.
    const placed = completed - unplaced;
    if (placed > furthest.placed) furthest = { placed, blocker: entry.op, state };
    const last = stack.pop();
    if (last === undefined) {
      return {
        key,
        verdict: "not linearizable",
        operations: ops.length,
        explored: memo.size,
        explanation: explain(furthest, completed),
      };
    }
    memo.remove(last.call.id);
    unlift(last.call);
    if (last.call.op.outcome === "ok") unplaced++;
    state = last.stateBefore;
    entry = last.call.next;
  }
  return { key, verdict: "linearizable", operations: ops.length, explored: memo.size };
}

function explain(furthest: Furthest, completed: number): string {
  const blocker = furthest.blocker ? describeOperation(furthest.blocker) : "(none)";
  const value = furthest.state === null ? "∅" : String(furthest.state);
  return `no order fits: the search linearized at most ${furthest.placed} of ${completed} completed operations, then could not place ${blocker} (the key then held ${value})`;
}

/** The events in time order behind a head link. At equal times calls go first: touching operations count as concurrent. */
function buildEvents(ops: readonly Operation[]): Link {
  const head: Link = { next: null };
  const timed: { time: number; event: Event }[] = [];
  ops.forEach((op, id) => {
    const call: Event = { op, id, isCall: true, ret: null, prev: head, next: null };
    timed.push({ time: op.invokedAt, event: call });
    if (op.outcome === "ok") {
      if (op.completedAt === null) throw new Error(`a completed operation has no completion time: ${describeOperation(op)}`);
      call.ret = { op, id, isCall: false, ret: null, prev: head, next: null };
      timed.push({ time: op.completedAt, event: call.ret });
    }
  });
  timed.sort((a, b) => a.time - b.time || Number(b.event.isCall) - Number(a.event.isCall));
  let last: Link = head;
  for (const { event } of timed) {
    event.prev = last;
    last.next = event;
    last = event;
  }
  return head;
}

function unlink(event: Event): void {
  event.prev.next = event.next;
  if (event.next) event.next.prev = event.prev;
}

function relink(event: Event): void {
  event.prev.next = event;
  if (event.next) event.next.prev = event;
}

/** Takes a linearized operation's call and return out of the list. */
function lift(call: Event): void {
  unlink(call);
  if (call.ret) unlink(call.ret);
}

/** Undoes lift(); the list must be as lift() left it (the search undoes in reverse order). */
function unlift(call: Event): void {
  if (call.ret) relink(call.ret);
  relink(call);
}

/**
 * The memo: which (set of linearized operations, state) pairs the search has tried. A set is
 * kept as a 64-bit Zobrist hash (a random number per operation, XORed in and out), so a
 * pair costs a few bytes whatever the history's length. Two sets with one hash would make
 * the search skip a configuration, which can only make it report an anomaly that is not
 * there — never miss one — and with 64 bits and a few million pairs that odds is ~1e-7.
 */
class LinearizedSets {
  readonly #seen = new Set<string>();
  readonly #keys: Uint32Array;
  #high = 0;
  #low = 0;

  constructor(operations: number) {
    const random = new Random(0x5eed);
    this.#keys = Uint32Array.from({ length: operations * 2 }, () => random.int(2 ** 32));
  }

  get size(): number {
    return this.#seen.size;
  }

  /** Adds operation `id` to the set; false (and no change) if that set with `state` was tried before. */
  tryAdd(id: number, state: Value): boolean {
    this.#toggle(id);
    const pair = `${this.#high}:${this.#low}:${stateKey(state)}`;
    if (this.#seen.has(pair)) {
      this.#toggle(id);
      return false;
    }
    this.#seen.add(pair);
    return true;
  }

  remove(id: number): void {
    this.#toggle(id);
  }

  #toggle(id: number): void {
    this.#high ^= this.#keys[2 * id];
    this.#low ^= this.#keys[2 * id + 1];
  }
}
