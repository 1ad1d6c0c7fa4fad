// The history of a test run: every operation a client invoked, on which key, when it was
// invoked and when it completed, and what came of it. This is what the checkers read; it
// says nothing of how the operations were carried out.

/** ok: completed with a result. failed: certainly not applied. unknown: may or may not have been. */
export type Outcome = "ok" | "failed" | "unknown";

/** A register holds numbers (every write writes a number never written before); a counter, bigints. */
export type Value = number | bigint | null;

export type Call =
  /** Reads the key; `read` is what it returned (null: absent). */
  | { kind: "get" }
  /** Writes `value`. */
  | { kind: "set"; value: number }
  /** Writes `value` if the key still holds `expected` (null: absent); `applied` says whether it did. */
  | { kind: "cas"; expected: Value; value: number }
  /** Adds `amount` to a counter (an absent counter counts as 0). */
  | { kind: "sum"; amount: bigint };

export type Result = { read: Value } | { applied: boolean } | Record<string, never>;

export type Operation = Call & {
  /** Who invoked it. A client whose operation ends unknown goes on as a new process, as in Jepsen. */
  process: number;
  key: string;
  /** Milliseconds since the history began (History.now()). */
  invokedAt: number;
  /** null while it is pending, and for ever when its outcome is unknown. */
  completedAt: number | null;
  outcome: Outcome;
  read?: Value;
  applied?: boolean;
};

export class History {
  readonly operations: Operation[] = [];
  readonly #started = performance.now();

  /** Milliseconds since the history began: the clock of every operation. */
  now(): number {
    return performance.now() - this.#started;
  }

  /** Records an invocation. Until ok() or failed() says otherwise its outcome is unknown. */
  invoke(process: number, key: string, call: Call): Operation {
    const operation: Operation = { ...call, process, key, invokedAt: this.now(), completedAt: null, outcome: "unknown" };
    this.operations.push(operation);
    return operation;
  }

  ok(operation: Operation, result: Result = {}): void {
    Object.assign(operation, result, { outcome: "ok", completedAt: this.now() });
  }

  /** Only for an operation that certainly changed nothing. When in doubt, leave it unknown. */
  failed(operation: Operation): void {
    Object.assign(operation, { outcome: "failed", completedAt: this.now() });
  }
}

/** One line per operation, for reports: `p3 r1 cas 7→12 applied (10.2–11.0 ms)`. */
export function describeOperation(op: Operation): string {
  const show = (v: Value | undefined): string => (v === null || v === undefined ? "∅" : String(v));
  let call: string;
  switch (op.kind) {
    case "get":
      call = op.outcome === "ok" ? `get → ${show(op.read)}` : "get";
      break;
    case "set":
      call = `set ${op.value}`;
      break;
    case "cas":
      call = `cas ${show(op.expected)}→${op.value}${op.outcome === "ok" ? (op.applied ? " applied" : " refused") : ""}`;
      break;
    case "sum":
      call = `sum +${op.amount}`;
      break;
  }
  const end = op.completedAt === null ? "…" : op.completedAt.toFixed(1);
  return `p${op.process} ${op.key} ${call} ${op.outcome === "ok" ? "" : `[${op.outcome}] `}(${op.invokedAt.toFixed(1)}–${end} ms)`;
}
