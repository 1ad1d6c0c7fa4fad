import { describe, expect, it } from "vitest";
import { summarize } from "./test-summary";

describe("summarize", () => {
  it("adds both runners' counts; a flaky pass is a pass", () => {
    const vitest = { numPassedTests: 10, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1 };
    const playwright = { stats: { expected: 4, unexpected: 1, flaky: 1, skipped: 1 } };
    expect(summarize(vitest, playwright)).toEqual({ passed: 15, failed: 2, skipped: 4 });
  });

  it("counts what there is when a report is missing", () => {
    expect(summarize(null, null)).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});
