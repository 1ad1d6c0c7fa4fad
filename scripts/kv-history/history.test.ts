// The history test, short form (the long one is `npm run test:history`): five clients run
// random reads, writes, check-and-sets and sums through lib/kv on a real redis-server with
// `appendfsync always` while the nemesis kills it (SIGKILL), pauses it (SIGSTOP) and restarts
// it (SIGTERM); then the checkers go over every operation. And the same checkers, on the same
// workload, against a Kv with a planted bug: they must catch it, or they prove nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FAULT_KINDS } from "./nemesis";
import { withCheckOutsideTheCommit, withSumByReadAndWrite } from "./planted-bugs";
import { runHistoryTest } from "./run";

// ioredis's reconnect warnings, one per connection per fault, would bury the test output.
beforeEach(() => void vi.spyOn(console, "warn").mockImplementation(() => undefined));
afterEach(() => void vi.restoreAllMocks());

describe("lib/kv under faults", () => {
  it("every key's history is linearizable and every counter holds exactly its increments, while Redis is killed, paused and restarted", async () => {
    const report = await runHistoryTest({ durationMs: 20_000 });
    const run = `seed ${report.seed}`;

    // The run did what it says: faults of every kind, which reached operations in flight.
    for (const kind of FAULT_KINDS) expect(report.faults[kind], `${kind} faults, ${run}`).toBeGreaterThanOrEqual(2);
    expect(report.outcomes.unknown, run).toBeGreaterThan(0);
    expect(report.outcomes.ok, run).toBeGreaterThan(1_000);
    for (const kind of ["get", "set", "cas", "sum"] as const) expect(report.byKind[kind], run).toBeGreaterThan(100);
    // Each of the 3 registers and 2 counters moves to a fresh key every 5 s: 4 keys each.
    expect(report.linearizability.length).toBeGreaterThanOrEqual(20);
    expect(report.counters.length).toBeGreaterThanOrEqual(8);

    expect(report.undecided, run).toEqual([]);
    expect(report.anomalies, run).toEqual([]);
  }, 90_000);
});

describe("the checkers catch a planted bug", () => {
  it("a check-and-set that checks in the client, outside the commit: two clients both pass the check", async () => {
    const report = await runHistoryTest({ durationMs: 3_000, faults: false, underTest: withCheckOutsideTheCommit });
    const registers = report.linearizability.filter((v) => v.key.startsWith("r"));
    expect(registers.some((v) => v.verdict === "not linearizable"), `seed ${report.seed}`).toBe(true);
    // Where the search gets stuck names the operation (a check-and-set, or a read after it).
    expect(report.anomalies.join("\n")).toMatch(/^r\d\.\d+: no order fits: .* could not place p-?\d+ r\d\.\d+ (cas|get) /m);
    // Counters never take a check: the bug does not touch them, and neither does the verdict.
    expect(report.counters.every((v) => v.ok)).toBe(true);
  }, 30_000);

  it("a sum that reads the counter and writes it back: concurrent increments are lost", async () => {
    const report = await runHistoryTest({ durationMs: 3_000, faults: false, underTest: withSumByReadAndWrite });
    expect(report.counters.some((v) => !v.ok), `seed ${report.seed}`).toBe(true);
    expect(report.anomalies.join("\n")).toMatch(/^c\d\.\d+: holds \d+, less than the \d+ acknowledged: increments were lost$/m);
    const counters = report.linearizability.filter((v) => v.key.startsWith("c"));
    expect(counters.some((v) => v.verdict === "not linearizable")).toBe(true);
  }, 30_000);

  it("a Redis that keeps nothing across a kill (no append-only file): acknowledged writes are lost", async () => {
    // The nemesis's first fault is a kill, within the first 1.5 s.
    const report = await runHistoryTest({ durationMs: 4_000, durable: false });
    expect(report.faults.kill).toBeGreaterThanOrEqual(1);
    expect(report.anomalies.join("\n"), `seed ${report.seed}`).toMatch(/^c\d\.\d+: holds \d+, less than the \d+ acknowledged: increments were lost$/m);
    expect(report.linearizability.filter((v) => v.verdict === "not linearizable").length).toBeGreaterThan(0);
  }, 30_000);
});
