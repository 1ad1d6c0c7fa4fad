import { describe, expect, it } from "vitest";
import { checkCounter, subsetAddingUpTo } from "./counters";
import type { Operation, Outcome } from "./record";

function sum(amount: bigint, outcome: Outcome, key = "c"): Operation {
  return { kind: "sum", amount, key, process: 0, invokedAt: 0, completedAt: outcome === "unknown" ? null : 1, outcome };
}

describe("checkCounter", () => {
  const history = [sum(1n, "ok"), sum(2n, "ok"), sum(3n, "unknown"), sum(5n, "unknown"), sum(4n, "failed"), sum(9n, "ok", "other")];

  it("holds the acknowledged increments plus some of the unknown ones", () => {
    for (const final of [3n, 6n, 8n, 11n]) expect(checkCounter("c", history, final)).toMatchObject({ ok: true, acknowledged: 3n });
    expect(checkCounter("c", history, 11n).unknownApplied).toBe(2);
  });

  it("an absent counter is 0", () => {
    expect(checkCounter("c", [sum(1n, "unknown")], null)).toMatchObject({ ok: true, final: 0n });
    expect(checkCounter("c", [sum(1n, "ok")], null).ok).toBe(false);
  });

  it("fails when acknowledged increments were lost", () => {
    const verdict = checkCounter("c", history, 2n);
    expect(verdict.ok).toBe(false);
    expect(verdict.explanation).toMatch(/lost/);
  });

  it("fails when the difference is no subset of the unknown increments (a failed one counted, or one counted twice)", () => {
    expect(checkCounter("c", history, 7n).ok).toBe(false); // 3 + 4 (the failed one)
    expect(checkCounter("c", history, 13n).ok).toBe(false); // 3 + 5 + 5
    expect(checkCounter("c", history, 12n).explanation).toMatch(/counted twice/);
  });
});

describe("subsetAddingUpTo", () => {
  it("finds a subset with each amount used at most once", () => {
    expect(subsetAddingUpTo([3, 5, 2], 7)?.sort()).toEqual([2, 5]);
    expect(subsetAddingUpTo([3, 5, 2], 10)?.sort()).toEqual([2, 3, 5]);
    expect(subsetAddingUpTo([3, 5, 2], 0)).toEqual([]);
    expect(subsetAddingUpTo([3, 3], 9)).toBeNull();
    expect(subsetAddingUpTo([4, 6], 5)).toBeNull();
  });
});
