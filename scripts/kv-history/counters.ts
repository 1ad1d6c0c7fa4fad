// The counter check: once every client is done, a counter must hold the sum of the
// increments that were acknowledged plus some of those whose outcome is unknown (each either
// happened once or not at all) — none lost, none counted twice. A subset-sum over the
// unknown increments, cheap because increments are small.

import type { Operation } from "./record";

export interface CounterVerdict {
  key: string;
  ok: boolean;
  /** The counter's value read after the run (an absent counter is 0). */
  final: bigint;
  acknowledged: bigint;
  /** How many increments had an unknown outcome, and how many of those the final value holds (when ok). */
  unknownIncrements: number;
  unknownApplied?: number;
  explanation?: string;
}

export function checkCounter(key: string, operations: readonly Operation[], final: bigint | null): CounterVerdict {
  let acknowledged = 0n;
  const unknown: number[] = [];
  for (const op of operations) {
    if (op.key !== key || op.kind !== "sum") continue;
    if (op.outcome === "ok") acknowledged += op.amount;
    if (op.outcome === "unknown") unknown.push(Number(op.amount));
  }
  const value = final ?? 0n;
  const verdict = { key, final: value, acknowledged, unknownIncrements: unknown.length };
  const missing = value - acknowledged;
  if (missing < 0n) {
    return { ...verdict, ok: false, explanation: `holds ${value}, less than the ${acknowledged} acknowledged: increments were lost` };
  }
  const applied = subsetAddingUpTo(unknown, Number(missing));
  if (applied === null) {
    const most = unknown.reduce((a, b) => a + b, 0);
    const why = Number(missing) > most ? "more than every unknown increment together: some counted twice" : "no subset of the unknown increments adds up to that";
    return { ...verdict, ok: false, explanation: `holds ${value}, ${missing} above the ${acknowledged} acknowledged, ${why}` };
  }
  return { ...verdict, ok: true, unknownApplied: applied.length };
}

/** Some of `amounts` (positive integers) adding up to `target`, or null if none do. */
export function subsetAddingUpTo(amounts: readonly number[], target: number): number[] | null {
  if (target === 0) return [];
  const total = amounts.reduce((a, b) => a + b, 0);
  if (target > total) return null;
  // reachedBy[s]: 1 + the index of the amount that first made the sum s reachable (0: not reached).
  const reachedBy = new Int32Array(target + 1);
  reachedBy[0] = -1;
  amounts.forEach((amount, i) => {
    for (let sum = target; sum >= amount; sum--) {
      if (reachedBy[sum] === 0 && reachedBy[sum - amount] !== 0) reachedBy[sum] = i + 1;
    }
  });
  if (reachedBy[target] === 0) return null;
  const subset: number[] = [];
  for (let sum = target; sum > 0; ) {
    const amount = amounts[reachedBy[sum] - 1];
    subset.push(amount);
    sum -= amount;
  }
  return subset;
}
