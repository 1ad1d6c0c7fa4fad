// The server package is the product: no test harness, test fixture or tooling (the managed
// redis-server, the history checker, the benchmarks) may be compiled into it.
import { describe, expect, it } from "vitest";
import { packageSources } from "./build-lib";

describe("@livekv/server", () => {
  it("is compiled from lib/'s product code only", async () => {
    const sources = await packageSources();
    expect(sources).toContain("lib/redis/connect.ts");
    expect(sources).toContain("lib/kv/kv.ts");
    const tooling = sources.filter(
      (path) =>
        !path.startsWith("lib/") ||
        /(?:^|\/)(?:browser-)?test-support\.ts$/.test(path) ||
        /\.test\.tsx?$/.test(path) ||
        path.includes("/fixtures/"),
    );
    expect(tooling).toEqual([]);
  });
});
