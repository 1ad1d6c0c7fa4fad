import { describe, expect, it } from "vitest";
import { encodeEvent } from "./encode";
import { encodeEventBytes } from "./shared-frames";

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe("encodeEventBytes", () => {
  it("encodes exactly as encodeEvent does", () => {
    const event = { id: "7", event: "stats", data: { clicks: 1, name: "é\n" } };
    expect(text(encodeEventBytes(event))).toBe(encodeEvent(event));
    expect(text(encodeEventBytes({ data: "plain" }))).toBe(encodeEvent({ data: "plain" }));
  });

  it("encodes shared data once for every connection that sends it", () => {
    const stats = { clicks: 3 };
    // Each connection wraps the shared data in an event object of its own (mapSource).
    const first = encodeEventBytes({ id: "3", event: "stats", data: stats });
    const second = encodeEventBytes({ id: "3", event: "stats", data: stats });
    expect(second).toBe(first);
  });

  it("encodes again when the same data goes out with another id or type", () => {
    const stats = { clicks: 3 };
    const a = encodeEventBytes({ id: "3", event: "stats", data: stats });
    const b = encodeEventBytes({ id: "4", event: "stats", data: stats });
    const c = encodeEventBytes({ id: "4", event: "other", data: stats });
    expect(text(b)).toContain("id: 4\n");
    expect(text(c)).toContain('"type":"other"');
    expect(new Set([a, b, c]).size).toBe(3);
  });
});
