// The process speaks to all its open streams: an `upstream` event when the store goes away
// and comes back (new streams hear the current state at once), and on shutdown a `retry:`
// hint and the end of every stream, with their sources released.
import { afterEach, describe, expect, it } from "vitest";
import { closeAllStreams, setUpstreamState } from "./open-streams";
import { sseResponse } from "./server";
import { BodyReader, ManualSource, parseEvents } from "./test-support";

afterEach(() => setUpstreamState("live"));

function open(): { body: BodyReader; source: ManualSource } {
  const source = new ManualSource();
  return { body: new BodyReader(sseResponse(new Request("http://test.local/events"), source)), source };
}

describe("open streams", () => {
  it("hear 'reconnecting' and 'live' as the store goes and comes back; a new stream hears it on open", async () => {
    const a = open();
    await a.body.chunk();
    setUpstreamState("reconnecting");
    await a.body.until(/upstream/);
    const late = open();
    await late.body.until(/upstream/);
    setUpstreamState("live");
    await a.body.until(/"state":"live"/);
    a.source.push({ id: "1", event: "stats", data: 1 });
    await a.body.until(/"stats"/);
    expect(parseEvents(a.body.text)).toEqual([
      { type: "upstream", data: { state: "reconnecting" } },
      { type: "upstream", data: { state: "live" } },
      { id: "1", type: "stats", data: 1 },
    ]);
    expect(parseEvents(late.body.text)).toEqual([{ type: "upstream", data: { state: "reconnecting" } }]);
    // Setting the same state again says nothing new.
    setUpstreamState("live");
    await Promise.all([a.body.cancel(), late.body.cancel()]);
  });

  it("closeAllStreams ends every stream after a retry hint and releases the sources", async () => {
    const streams = [open(), open(), open()];
    await Promise.all(streams.map((s) => s.body.chunk()));
    expect(closeAllStreams(3_000)).toBeGreaterThanOrEqual(3);
    for (const { body, source } of streams) {
      const text = await body.rest();
      expect(text).toMatch(/retry: 3000\n: server restarting; reconnect to resume\n\n$/);
      expect(source.returnCalls).toBe(1);
    }
    expect(closeAllStreams(3_000)).toBe(0);
  });
});
