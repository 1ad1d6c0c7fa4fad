// The declarations give the browser the URLs it always asked for, and the type checker holds
// the server to them (the @ts-expect-error lines fail `tsc` if a mismatch ever compiles).
import { describe, expect, it } from "vitest";
import type { StreamImplementation } from "@/lib/streams/endpoint";
import { isEventOf, streamUrl } from "./declare-stream";
import { STREAMS } from "./streams";

describe("streamUrl", () => {
  it("fills the path and the declared query, percent-encoded", () => {
    expect(streamUrl(STREAMS.linkStats, { code: "a b" })).toBe("/api/links/a%20b/events");
    expect(streamUrl(STREAMS.clickCounts, { codes: ["a", "b,c"] })).toBe("/api/links/events?codes=a,b%2Cc");
    expect(streamUrl(STREAMS.rooms, {})).toBe("/api/rooms/events");
    expect(streamUrl(STREAMS.room, { room: "café", after: "0" })).toBe("/api/rooms/caf%C3%A9/events?after=0");
    expect(streamUrl(STREAMS.post, { id: "p1", lastEventId: "c/1" })).toBe("/api/posts/p1/events?lastEventId=c%2F1");
    expect(streamUrl(STREAMS.postList, { ids: [] })).toBe("/api/posts/events?ids=");
  });
});

describe("isEventOf", () => {
  it("passes on only the events the stream declares", () => {
    expect(isEventOf(STREAMS.linkStats, { type: "stats", id: "1", data: {} })).toBe(true);
    expect(isEventOf(STREAMS.linkStats, { type: "counts", id: "1", data: {} })).toBe(false);
  });
});

describe("implementations", () => {
  it("must send the declared events with the declared payloads", () => {
    const wrongPayload = async () => ({ source: [{ event: "stats" as const, data: { clicks: "many" } }] });
    const wrongName = async () => ({ source: [{ event: "stat" as const, data: {} }] });
    // @ts-expect-error "stats" carries LinkStats, not { clicks: string }
    const a: StreamImplementation<typeof STREAMS.linkStats> = wrongPayload;
    // @ts-expect-error the link stats stream declares no "stat" event
    const b: StreamImplementation<typeof STREAMS.linkStats> = wrongName;
    // @ts-expect-error a room has a path param, `room`, and an `after` query param; no `code`
    const c: StreamImplementation<typeof STREAMS.room> = async (_request, { code }: { code: string }) => new Response(code);
    expect([a, b, c].every((implementation) => typeof implementation === "function")).toBe(true);
  });
});
