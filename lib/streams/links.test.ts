// A link's stats stream against a real redis-server: every viewer with the same query is sent
// the same event data after a click, so lib/sse encodes the frame once for all of them.
import { describe, expect, it } from "vitest";
import { waitFor } from "@/lib/kv/test-support";
import { createLink, recordClick, type Click } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import type { SseEvent } from "@/lib/sse";
import { isPushSource } from "@/lib/feeds";
import { encodeEventBytes } from "@/lib/sse/shared-frames";
import { matchStreamRoute } from "./routes";

useAppRedis();

const CLICK: Click = { at: Date.now(), referrer: "ref.example", country: "DE", browser: "Firefox", os: "Linux", device: "desktop" };

/** Opens the stream of `code` with `search` and collects what it pushes; returns the events and the way to stop. */
async function view(code: string, search: string): Promise<{ events: SseEvent[]; stop: () => void }> {
  const path = `/api/links/${code}/events`;
  const route = matchStreamRoute(path);
  if (route === null) throw new Error(`no stream at ${path}`);
  const opened = await route.endpoint(new Request(`http://test.local${path}${search}`), route.params);
  if (opened instanceof Response) throw new Error(`HTTP ${opened.status}`);
  if (!isPushSource(opened.source)) throw new Error("a link's stats stream is pushed");
  const events: SseEvent[] = [];
  const stop = opened.source.listen({ next: (event) => events.push(event), end: () => undefined });
  return { events, stop };
}

describe("linkStatsStream", () => {
  it("sends viewers with the same query one data object per click (one encoding), a viewer of another range its own", async () => {
    const kv = await getKv();
    const link = await createLink(kv, { url: "https://shared.example/" }, { owner: "o", appOrigin: "http://test.local" });
    const viewers = [await view(link.code, ""), await view(link.code, ""), await view(link.code, "?range=1h")];
    await waitFor(() => viewers.every((v) => v.events.length === 1), "the current stats");

    expect(await recordClick(kv, link, CLICK)).toBe(true);
    await waitFor(() => viewers.every((v) => v.events.length === 2), "the click");
    const [a, b, other] = viewers.map((v) => v.events[1]);
    expect(a.data).toMatchObject({ clicks: 1 });
    expect(b.data).toBe(a.data);
    expect(encodeEventBytes(b)).toBe(encodeEventBytes(a));
    expect(other.data).not.toBe(a.data);
    expect(other.data).toMatchObject({ clicks: 1 });
    for (const v of viewers) v.stop();
  });
});
