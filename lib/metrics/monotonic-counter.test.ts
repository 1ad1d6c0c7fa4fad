import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { MonotonicCounter } from "./monotonic-counter";

async function valueOf(counter: Counter): Promise<number> {
  return (await counter.get()).values[0]?.value ?? 0;
}

describe("MonotonicCounter", () => {
  it("adds what the running total grew by, and counts a restarted total as new", async () => {
    const counter = new Counter({ name: "t_total", help: "t", registers: [new Registry()] });
    const synced = new MonotonicCounter(counter);
    synced.sync(5);
    synced.sync(5);
    synced.sync(8);
    expect(await valueOf(counter)).toBe(8);
    synced.sync(2); // the source restarted from 0 and has counted 2 since
    expect(await valueOf(counter)).toBe(10);
  });
});
