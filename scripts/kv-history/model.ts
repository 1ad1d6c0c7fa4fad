// The sequential specification every key must behave as: one value that reads, writes,
// checks-and-sets and sums. Registers and counters are both this value; a run never mixes
// the two on one key, and a mix would show as an operation that cannot take effect.

import type { Operation, Value } from "./record";

/** The state after `op` takes effect in `state`, or undefined if it cannot, given what it returned. */
export function step(state: Value, op: Operation): Value | undefined {
  // An operation whose outcome is unknown returned nothing to match: if it takes effect,
  // it does what it does. (That it may never take effect is the checker's business.)
  const known = op.outcome === "ok";
  switch (op.kind) {
    case "get":
      return !known || op.read === state ? state : undefined;
    case "set":
      return op.value;
    case "cas": {
      const matches = state === op.expected;
      // An unknown check-and-set that did not apply is one that never took effect.
      if (!known) return matches ? op.value : undefined;
      if (op.applied !== matches) return undefined;
      return matches ? op.value : state;
    }
    case "sum":
      if (typeof state === "number") return undefined;
      return (state ?? 0n) + op.amount;
  }
}

/** The state as a string, for the checker's memo. */
export function stateKey(state: Value): string {
  return typeof state === "bigint" ? `${state}n` : String(state);
}
