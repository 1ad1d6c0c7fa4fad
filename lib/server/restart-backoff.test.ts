import { describe, expect, it } from "vitest";
import { MAX_DELAY_MS, STABLE_AFTER_MS, restartDelay } from "./restart-backoff";

describe("restartDelay", () => {
  it("replaces a process that ran a long while at once", () => {
    expect(restartDelay(0, STABLE_AFTER_MS)).toBe(0);
    expect(restartDelay(8_000, 3_600_000)).toBe(0);
  });

  it("waits longer after each replacement that dies young, up to a bound", () => {
    const delays: number[] = [];
    let delay = 0;
    for (let i = 0; i < 8; i++) {
      delay = restartDelay(delay, 500);
      delays.push(delay);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
  });

  it("starts over once a replacement has lived long", () => {
    expect(restartDelay(restartDelay(16_000, STABLE_AFTER_MS), 500)).toBe(1_000);
  });
});
