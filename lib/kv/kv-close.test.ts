// close() with operations in flight, and a Kv used after close(): every read fails as
// KvClosedError (not with whatever its connection said as it went), a commit either was sent
// and settles as Redis answered it or fails as KvClosedError and is absent, and no rejection
// of the Kv's own (nor of its Redis client's) goes unhandled.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isRedisUnavailable } from "../redis/unavailable";
import { KvClosedError, KvCommitUnknownError } from "./index";
import type { KvKey } from "./types";
import { collect, expectFailure, sleep, uniquePrefix, useKvTestEnv, withTimeout } from "./test-support";

const env = useKvTestEnv();

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
});

type Settled = PromiseSettledResult<unknown>;

function reasonOf(result: Settled): unknown {
  return result.status === "rejected" ? result.reason : `fulfilled with ${JSON.stringify(result.value)}`;
}

describe("close()", () => {
  it("with reads, lists, watches and commits in flight: reads fail as KvClosedError, each commit lands or fails as KvClosedError and is absent, nothing goes unhandled", async () => {
    const prefix = uniquePrefix("close");
    const kv = await env.open(prefix);
    const keys: KvKey[] = Array.from({ length: 12 }, (_, i) => ["close", `p${i}`, "k"]);

    const reads: Promise<unknown>[] = [
      ...keys.map((key) => kv.get(key)),
      kv.getMany(keys.slice(0, 6)),
      collect(kv.list({ prefix: [] })),
      collect(kv.list({ prefix: ["close", "p1"] })),
    ];
    const commits = keys.map((key, i) => kv.set(key, i));
    const keyWatch = kv.watch([keys[0]]).getReader();
    const prefixWatch = kv.watchPrefix([]).getReader();
    const watchReads = [keyWatch.read(), prefixWatch.read()];
    const closing = kv.close();

    const settled = await withTimeout(Promise.allSettled(reads), 10_000, "the reads to settle");
    for (const result of settled) expect(reasonOf(result)).toBeInstanceOf(KvClosedError);
    // A watch that had not delivered ends (done) when its Kv closes.
    for (const read of await withTimeout(Promise.all(watchReads), 10_000, "the watches to end")) expect(read.done).toBe(true);
    const outcomes = await withTimeout(Promise.allSettled(commits), 10_000, "the commits to settle");
    await closing;

    const after = await env.open(prefix);
    for (const [i, outcome] of outcomes.entries()) {
      const stored = (await after.get(keys[i])).value;
      if (outcome.status === "fulfilled") {
        expect(stored).toBe(i);
        continue;
      }
      // Sent with no answer is allowed to be either; refused as closed means never sent.
      if (outcome.reason instanceof KvCommitUnknownError) continue;
      expect(outcome.reason).toBeInstanceOf(KvClosedError);
      expect(stored).toBeNull();
    }
    // Late failures of the closed connections are handled, not left to the process.
    await sleep(300);
    expect(unhandled).toEqual([]);
  });

  it("afterwards, every read, list, commit and watch fails as KvClosedError", async () => {
    const kv = await env.open();
    await kv.set(["k"], 1);
    await kv.close();
    // An app answers it as an outage where nothing was done (503 unavailable).
    expect(isRedisUnavailable(await expectFailure(() => kv.get(["k"]), KvClosedError))).toBe(true);
    await expectFailure(() => kv.getMany([["k"], ["j"]]), KvClosedError);
    await expectFailure(() => kv.list({ prefix: [] }).next(), KvClosedError);
    await expectFailure(() => kv.set(["k"], 2), KvClosedError);
    await expectFailure(() => kv.atomic().delete(["k"]).commit(), KvClosedError);
    await expectFailure(() => kv.watch([["k"]]), KvClosedError);
    await expectFailure(() => kv.watchPrefix(["k"]), KvClosedError);
    await expectFailure(() => kv.ping(), KvClosedError);
    await sleep(100);
    expect(unhandled).toEqual([]);
  });
});
