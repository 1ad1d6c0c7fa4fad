// The view of a range: totals, unique visitors, QR scans, local buckets, breakdowns and filters.
import { describe, expect, it } from "vitest";
import { parseAnalyticsQuery } from "./query";
import { clickAt, queryOf } from "./test-support";
import { analyticsView, NO_TAG } from "./view";

const HOUR = 3_600_000;
const NOW = Date.UTC(2030, 0, 10, 12, 30);

describe("analyticsView", () => {
  it("counts clicks, unique visitors and QR scans of the range only", () => {
    const log = [
      clickAt(NOW - 2 * HOUR, { visitor: "old" }),
      clickAt(NOW - 30 * 60_000, { visitor: "a" }),
      clickAt(NOW - 20 * 60_000, { visitor: "a", trigger: "qr" }),
      clickAt(NOW - 10 * 60_000, { visitor: "b" }),
    ];
    const hour = analyticsView(log, false, queryOf("range=1h"), NOW);
    expect(hour).toMatchObject({ clicks: 3, visitors: 2, qrScans: 1, complete: true });
    expect(hour.series.clicks.reduce((a, b) => a + b, 0)).toBe(3);
    expect(hour.series.visitors[hour.series.starts.indexOf(NOW - 30 * 60_000)]).toBe(1);
    expect(hour.breakdowns.trigger).toEqual([
      { name: "link", n: 2 },
      { name: "qr", n: 1 },
    ]);
    const day = analyticsView(log, false, queryOf("range=24h"), NOW);
    expect(day).toMatchObject({ clicks: 4, visitors: 3 });
  });

  it("buckets by the viewer's local day: a click at 23:30 UTC is the next day in Tokyo", () => {
    const late = Date.UTC(2030, 0, 9, 23, 30);
    const utc = analyticsView([clickAt(late)], false, queryOf("range=7d&tz=UTC"), NOW);
    const tokyo = analyticsView([clickAt(late)], false, queryOf("range=7d&tz=Asia%2FTokyo"), NOW);
    expect(utc.series.clicks.slice(-2)).toEqual([1, 0]);
    expect(tokyo.series.clicks.slice(-2)).toEqual([0, 1]);
  });

  it("a filter narrows every other panel; its own panel still lists the other names", () => {
    const log = [
      clickAt(NOW - 5000, { country: "FR", browser: "Firefox", visitor: "a" }),
      clickAt(NOW - 4000, { country: "FR", browser: "Chrome", visitor: "b" }),
      clickAt(NOW - 3000, { country: "DE", browser: "Chrome", visitor: "c", utmSource: "newsletter" }),
    ];
    const view = analyticsView(log, false, queryOf("range=1h&country=FR"), NOW);
    expect(view).toMatchObject({ clicks: 2, visitors: 2, filters: { country: "FR" } });
    expect(view.breakdowns.browser).toEqual([
      { name: "Chrome", n: 1 },
      { name: "Firefox", n: 1 },
    ]);
    expect(view.breakdowns.country).toEqual([
      { name: "FR", n: 2 },
      { name: "DE", n: 1 },
    ]);
    expect(view.breakdowns.utmSource).toEqual([{ name: NO_TAG, n: 2 }]);
    expect(view.recent.map((click) => click.browser)).toEqual(["Chrome", "Firefox"]);
    const both = analyticsView(log, false, queryOf("range=1h&country=FR&browser=Chrome"), NOW);
    expect(both.clicks).toBe(1);
    expect(analyticsView(log, false, queryOf("range=1h&utm_source=newsletter"), NOW).breakdowns.country).toEqual([{ name: "DE", n: 1 }]);
  });

  it("never sends the visitor hash to viewers", () => {
    const view = analyticsView([clickAt(NOW - 1000)], false, queryOf("range=1h"), NOW);
    expect(view.recent[0]).not.toHaveProperty("visitor");
  });

  it("says when a full log does not reach back to the range's start", () => {
    const log = [clickAt(NOW - 3 * HOUR), clickAt(NOW - 1000)];
    expect(analyticsView(log, true, queryOf("range=1h"), NOW).complete).toBe(true);
    expect(analyticsView(log, true, queryOf("range=24h"), NOW).complete).toBe(false);
    expect(analyticsView(log, false, queryOf("range=24h"), NOW).complete).toBe(true);
  });
});

describe("parseAnalyticsQuery", () => {
  it("defaults to the last 24 hours in UTC with no filter", () => {
    expect(parseAnalyticsQuery(new URLSearchParams(""))).toEqual({ ok: true, query: { range: "24h", timeZone: "UTC", filters: {} } });
  });

  it("refuses an unknown range, time zone or an over-long filter, naming it", () => {
    expect(parseAnalyticsQuery(new URLSearchParams("range=1y"))).toMatchObject({ ok: false, code: "invalid_range" });
    expect(parseAnalyticsQuery(new URLSearchParams("tz=Nowhere%2FLand"))).toMatchObject({ ok: false, code: "invalid_time_zone" });
    expect(parseAnalyticsQuery(new URLSearchParams(`referrer=${"a".repeat(254)}`))).toMatchObject({
      ok: false,
      code: "invalid_filter",
    });
  });
});
