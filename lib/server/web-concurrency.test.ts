import { describe, expect, it } from "vitest";
import { serverProcessCount } from "./web-concurrency";

describe("serverProcessCount", () => {
  it("is one process when WEB_CONCURRENCY is unset or empty", () => {
    expect(serverProcessCount(undefined)).toBe(1);
    expect(serverProcessCount("")).toBe(1);
  });

  it("takes a whole number of processes", () => {
    expect(serverProcessCount("1")).toBe(1);
    expect(serverProcessCount("4")).toBe(4);
  });

  it("refuses anything else, naming the setting", () => {
    for (const value of ["0", "-2", "1.5", "two", "100000"]) {
      expect(() => serverProcessCount(value)).toThrow(/WEB_CONCURRENCY/);
    }
  });
});
