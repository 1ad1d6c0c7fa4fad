// The open-file limit as the process has it, and the live streams it leaves room for.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { maxConnectionsFor, maxStreamsFor, openFileLimit } from "./file-limit";

describe("open-file limit", () => {
  it("is the process's soft limit, as a shell it starts reports it", () => {
    const shell = spawnSync("/bin/sh", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim();
    expect(openFileLimit()).toBe(shell === "unlimited" ? Infinity : Number(shell));
  });

  it("leaves max(256, 10 %) of the files to everything but live streams", () => {
    expect(maxStreamsFor(600)).toBe(344);
    expect(maxStreamsFor(1_024)).toBe(768);
    expect(maxStreamsFor(20_000)).toBe(18_000);
    expect(maxStreamsFor(200)).toBe(0);
    expect(maxStreamsFor(Infinity)).toBe(Infinity);
  });

  it("leaves connections of any kind half that head-room more than streams, so a refused stream still gets its answer", () => {
    expect(maxConnectionsFor(600)).toBe(472);
    expect(maxConnectionsFor(1_024)).toBe(896);
    expect(maxConnectionsFor(20_000)).toBe(19_000);
    expect(maxConnectionsFor(Infinity)).toBe(Infinity);
    for (const limit of [300, 600, 1_024, 4_096, 20_000, 1_000_000]) {
      expect(maxConnectionsFor(limit)).toBeGreaterThan(maxStreamsFor(limit));
      expect(maxConnectionsFor(limit)).toBeLessThan(limit);
    }
  });
});
