// The checker on small hand-written histories, where the right verdict is known. Times are
// milliseconds; [a, b] is an operation invoked at a and completed at b.
import { describe, expect, it } from "vitest";
import { checkLinearizability, type KeyVerdict } from "./linearizable";
import type { Call, Operation, Outcome, Result } from "./record";

let nextProcess = 0;

function op(call: Call, [invokedAt, completedAt]: [number, number | null], result: Result = {}, outcome: Outcome = "ok", key = "x"): Operation {
  return { ...call, ...result, process: nextProcess++, key, invokedAt, completedAt, outcome };
}
const set = (value: number, at: [number, number]) => op({ kind: "set", value }, at);
const get = (read: number | bigint | null, at: [number, number], key = "x") => op({ kind: "get" }, at, { read }, "ok", key);
const cas = (expected: number | null, value: number, applied: boolean, at: [number, number]) =>
  op({ kind: "cas", expected, value }, at, { applied });
const sum = (amount: bigint, at: [number, number], key = "x") => op({ kind: "sum", amount }, at, {}, "ok", key);
/** Invoked at `at`; never heard of again. */
const unknown = (call: Call, at: number, key = "x") => op(call, [at, null], {}, "unknown", key);

function verdict(history: Operation[]): KeyVerdict["verdict"] {
  const verdicts = checkLinearizability(history);
  expect(verdicts).toHaveLength(1);
  return verdicts[0].verdict;
}

describe("registers", () => {
  it("a sequential history where every read sees the last write is linearizable", () => {
    expect(verdict([get(null, [0, 1]), set(1, [2, 3]), get(1, [4, 5]), set(2, [6, 7]), get(2, [8, 9])])).toBe("linearizable");
  });

  it("a stale read after an acknowledged write is not, and the explanation names the read", () => {
    const history = [set(1, [0, 1]), set(2, [2, 3]), get(1, [4, 5])];
    const [result] = checkLinearizability(history);
    expect(result.verdict).toBe("not linearizable");
    expect(result.explanation).toContain("get → 1");
    expect(result.explanation).toContain("held 2");
  });

  it("a read of a value nobody wrote is not linearizable", () => {
    expect(verdict([set(1, [0, 1]), get(7, [2, 3])])).toBe("not linearizable");
  });

  it("a read concurrent with a write may see either value", () => {
    expect(verdict([set(1, [0, 1]), set(2, [2, 10]), get(1, [3, 4])])).toBe("linearizable");
    expect(verdict([set(1, [0, 1]), set(2, [2, 10]), get(2, [3, 4])])).toBe("linearizable");
  });

  it("but two reads cannot see a concurrent write happen and then un-happen", () => {
    expect(verdict([set(1, [0, 1]), set(2, [2, 10]), get(2, [3, 4]), get(1, [5, 6])])).toBe("not linearizable");
  });

  it("operations that touch (one completes as the other is invoked) count as concurrent", () => {
    expect(verdict([set(1, [0, 5]), get(null, [5, 6])])).toBe("linearizable");
  });

  it("two concurrent check-and-sets from the same value cannot both apply", () => {
    const base = [set(1, [0, 1])];
    expect(verdict([...base, cas(1, 2, true, [2, 5]), cas(1, 3, true, [3, 6])])).toBe("not linearizable");
    expect(verdict([...base, cas(1, 2, true, [2, 5]), cas(1, 3, false, [3, 6]), get(2, [7, 8])])).toBe("linearizable");
  });

  it("a check-and-set refused while nothing changed the value is not linearizable", () => {
    expect(verdict([set(1, [0, 1]), cas(1, 2, false, [2, 3])])).toBe("not linearizable");
  });

  it("a check-and-set on an absent key expects null", () => {
    expect(verdict([cas(null, 1, true, [0, 1]), get(1, [2, 3])])).toBe("linearizable");
  });
});

describe("outcomes", () => {
  it("a write of unknown outcome may take effect late, long after its client gave up", () => {
    expect(verdict([set(1, [0, 1]), unknown({ kind: "set", value: 2 }, 2), get(1, [10, 11]), get(2, [20, 21])])).toBe(
      "linearizable",
    );
  });

  it("or never", () => {
    expect(verdict([set(1, [0, 1]), unknown({ kind: "set", value: 2 }, 2), get(1, [10, 11]), get(1, [20, 21])])).toBe(
      "linearizable",
    );
  });

  it("but not before it was invoked", () => {
    expect(verdict([set(1, [0, 1]), get(2, [2, 3]), unknown({ kind: "set", value: 2 }, 5)])).toBe("not linearizable");
  });

  it("and not twice: once seen, it cannot be undone", () => {
    expect(verdict([set(1, [0, 1]), unknown({ kind: "set", value: 2 }, 2), get(2, [10, 11]), get(1, [20, 21])])).toBe(
      "not linearizable",
    );
  });

  it("a check-and-set of unknown outcome may explain a later refusal", () => {
    const history = [set(1, [0, 1]), unknown({ kind: "cas", expected: 1, value: 2 }, 2), cas(1, 3, false, [5, 6])];
    expect(verdict(history)).toBe("linearizable");
  });

  it("a failed operation did nothing: a read of its value is not linearizable", () => {
    const failed = op({ kind: "set", value: 2 }, [2, 3], {}, "failed");
    expect(verdict([set(1, [0, 1]), failed, get(2, [4, 5])])).toBe("not linearizable");
  });

  it("a read of unknown outcome constrains nothing", () => {
    const lostRead = op({ kind: "get" }, [2, null], {}, "unknown");
    expect(checkLinearizability([set(1, [0, 1]), lostRead])[0]).toMatchObject({ verdict: "linearizable", operations: 1 });
  });
});

describe("counters", () => {
  it("reads concurrent with increments see some of them; a later read sees all", () => {
    const history = [sum(1n, [0, 10]), sum(2n, [1, 10]), get(2n, [2, 3]), get(3n, [11, 12])];
    expect(verdict(history)).toBe("linearizable");
  });

  it("a read below the acknowledged increments is not linearizable (a lost increment)", () => {
    expect(verdict([sum(1n, [0, 1]), sum(2n, [2, 3]), get(2n, [4, 5])])).toBe("not linearizable");
  });

  it("an increment of unknown outcome counts once or not at all", () => {
    const base = [sum(1n, [0, 1]), unknown({ kind: "sum", amount: 5n }, 2)];
    expect(verdict([...base, get(1n, [3, 4])])).toBe("linearizable");
    expect(verdict([...base, get(6n, [3, 4])])).toBe("linearizable");
    expect(verdict([...base, get(11n, [3, 4])])).toBe("not linearizable");
  });

  it("an absent counter reads null, not 0", () => {
    expect(verdict([get(null, [0, 1]), sum(1n, [2, 3]), get(1n, [4, 5])])).toBe("linearizable");
    expect(verdict([get(0n, [0, 1])])).toBe("not linearizable");
  });
});

describe("keys", () => {
  it("are checked one by one: an anomaly on one does not hide or taint another", () => {
    const history = [sum(1n, [0, 1], "c"), get(1n, [2, 3], "c"), sum(1n, [0, 1], "d"), get(0n, [2, 3], "d")];
    expect(checkLinearizability(history).map((v) => [v.key, v.verdict])).toEqual([
      ["c", "linearizable"],
      ["d", "not linearizable"],
    ]);
  });
});

it("gives up with 'undecided' (never a pass) past its budget", () => {
  const writes = Array.from({ length: 12 }, (_, i) => unknown({ kind: "set", value: i + 10 }, i));
  // No write explains the read, so every order of the unknown writes is tried.
  const history = [...writes, get(99, [20, 21])];
  expect(checkLinearizability(history, { maxExplored: 100 })[0].verdict).toBe("undecided");
  expect(checkLinearizability(history)[0].verdict).toBe("not linearizable");
});
