import { describe, expect, it } from "vitest";
import { sseConnectionCounts } from "./connections";
import { sseResponse } from "./server";
import { BodyReader, ManualSource } from "./test-support";

describe("sseConnectionCounts", () => {
  it("counts a stream as open until its client goes away, and once only", async () => {
    const before = sseConnectionCounts();
    const abort = new AbortController();
    const response = sseResponse(new Request("http://test.local/events", { signal: abort.signal }), new ManualSource());
    const body = new BodyReader(response);
    await body.chunk();
    expect(sseConnectionCounts()).toEqual({ open: before.open + 1, opened: before.opened + 1 });
    abort.abort();
    await body.cancel();
    expect(sseConnectionCounts()).toEqual({ open: before.open, opened: before.opened + 1 });
  });

  it("counts a stream whose source ends as closed", async () => {
    const before = sseConnectionCounts();
    async function* none(): AsyncGenerator<{ data: number }> {}
    await new BodyReader(sseResponse(new Request("http://test.local/events"), none())).rest();
    expect(sseConnectionCounts().open).toBe(before.open);
  });
});
