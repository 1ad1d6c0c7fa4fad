// Commit timing against a real redis-server: every commit that runs is reported once, with
// its outcome; a commit that throws before running is not.
import { describe, expect, it } from "vitest";
import { KvU64 } from "./u64";
import { kvCommitTally, onKvCommit, type KvCommitOutcome } from "./commit-timing";
import { useKvTestEnv } from "./test-support";

const env = useKvTestEnv();

describe("onKvCommit / kvCommitTally", () => {
  it("reports each commit's duration and outcome, and tallies them", async () => {
    const kv = await env.open();
    const seen: { ms: number; outcome: KvCommitOutcome }[] = [];
    const stop = onKvCommit((ms, outcome) => seen.push({ ms, outcome }));
    const before = kvCommitTally();

    const first = await kv.set(["a"], 1);
    await kv.atomic().check({ key: ["a"], versionstamp: null }).set(["a"], 2).commit(); // check fails
    await kv.atomic().sum(["n"], 1n).commit();
    stop();
    await kv.set(["a"], 3); // after unsubscribing: tallied, not reported

    expect(first.ok).toBe(true);
    expect(seen.map((s) => s.outcome)).toEqual(["committed", "check_failed", "committed"]);
    for (const { ms } of seen) expect(ms).toBeGreaterThan(0);
    const after = kvCommitTally();
    expect(after.commits - before.commits).toBe(4);
    expect(after.checkFailures - before.checkFailures).toBe(1);
    expect(after.totalMs).toBeGreaterThan(before.totalMs);
  });

  it("does not report a commit that fails with an error, and a throwing listener breaks nothing", async () => {
    const kv = await env.open();
    await kv.set(["text"], "not a number");
    const seen: KvCommitOutcome[] = [];
    const stopThrowing = onKvCommit(() => {
      throw new Error("listener bug");
    });
    const stop = onKvCommit((_, outcome) => seen.push(outcome));
    await expect(kv.atomic().sum(["text"], 1n).commit()).rejects.toThrow(TypeError);
    const ok = await kv.atomic().sum(["n"], 2n).commit();
    stop();
    stopThrowing();
    expect(ok.ok).toBe(true);
    expect(seen).toEqual(["committed"]);
    expect(((await kv.get<KvU64>(["n"])).value as KvU64).value).toBe(2n);
  });
});
