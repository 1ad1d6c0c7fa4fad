import { describe, expect, it } from "vitest";
import { lastEventId } from "./last-event-id";

const at = (path: string, headers: Record<string, string> = {}): Request =>
  new Request(`http://test.local${path}`, { headers });

describe("lastEventId", () => {
  it("reads the Last-Event-ID header first", () => {
    expect(lastEventId(at("/e?lastEventId=q", { "Last-Event-ID": "h" }))).toBe("h");
  });

  it("falls back to the lastEventId query parameter", () => {
    expect(lastEventId(at("/e?lastEventId=0000000000000000002a"))).toBe("0000000000000000002a");
    expect(lastEventId(at("/e?lastEventId=a%20b"))).toBe("a b");
  });

  it("is null when absent, empty, too long or not printable", () => {
    expect(lastEventId(at("/e"))).toBeNull();
    expect(lastEventId(at("/e?lastEventId="))).toBeNull();
    expect(lastEventId(at(`/e?lastEventId=${"x".repeat(201)}`))).toBeNull();
    expect(lastEventId(at(`/e?lastEventId=${"x".repeat(200)}`))).toBe("x".repeat(200));
    expect(lastEventId(at("/e?lastEventId=a%0Ab"))).toBeNull();
    expect(lastEventId(at("/e?lastEventId=%00"))).toBeNull();
    expect(lastEventId(at("/e?lastEventId=%C3%A9"))).toBeNull();
  });
});
