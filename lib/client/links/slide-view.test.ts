// A range's view slid by the browser's clock against the view the server would compute then.
import { describe, expect, it } from "vitest";
import { clickAt, queryOf } from "@/lib/links/analytics/test-support";
import { analyticsView, type ClickAt } from "@/lib/links/analytics/view";
import { nextSlide, slideView } from "./slide-view";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 12:30:20 UTC: mid-minute, so the buckets' edges are not the moments.
const NOW = Date.UTC(2030, 0, 10, 12, 30, 20);

const served = (log: ClickAt[], search: string) => analyticsView(log, false, queryOf(search), NOW);
const then = (log: ClickAt[], search: string, at: number) => analyticsView(log, false, queryOf(search), at);

describe("slideView", () => {
  it("moves the last hour's minutes with the clock, old clicks leaving it", () => {
    const log = [clickAt(NOW - 50 * MINUTE, { visitor: "a" }), clickAt(NOW - 5 * MINUTE, { visitor: "b", trigger: "qr" })];
    const at = NOW + 12 * MINUTE;
    const { view, stale } = slideView(served(log, "range=1h"), at);
    const expected = then(log, "range=1h", at);
    expect(view.series).toEqual(expected.series);
    expect(view.from).toBe(expected.from);
    expect(view.clicks).toBe(1);
    expect(view.qrScans).toBe(1);
    expect(view.visitors).toBe(1);
    expect(view.recent).toEqual(expected.recent);
    // The breakdowns still count the click that left: only a new view can say which names it had.
    expect(stale).toBe(true);
  });

  it("is exactly the server's view once every click has left", () => {
    const log = [clickAt(NOW - 50 * MINUTE, { visitor: "a", trigger: "qr" }), clickAt(NOW - 40 * MINUTE, { visitor: "b", country: "DE" })];
    const at = NOW + 45 * MINUTE;
    const { view, stale } = slideView(served(log, "range=1h"), at);
    expect(stale).toBe(false);
    expect({ ...view, to: 0 }).toEqual({ ...then(log, "range=1h", at), to: 0 });
    expect(view.clicks).toBe(0);
  });

  it("keeps a filtered dimension's own breakdown, and says it may be stale", () => {
    const log = [clickAt(NOW - 50 * MINUTE, { country: "DE" }), clickAt(NOW - 45 * MINUTE, { country: "FR" })];
    const { view, stale } = slideView(served(log, "range=1h&country=DE"), NOW + 15 * MINUTE);
    expect(view.clicks).toBe(0);
    expect(view.breakdowns.browser).toEqual([]);
    expect(view.breakdowns.country).not.toEqual([]);
    expect(stale).toBe(true);
  });

  it("is the view as served while the window has not moved, or when the clock is behind", () => {
    const log = [clickAt(NOW - 59 * MINUTE)];
    const view = served(log, "range=1h");
    expect(slideView(view, null).view).toBe(view);
    expect(slideView(view, NOW + 30_000).view).toBe(view);
    expect(slideView(view, NOW - 5 * MINUTE).view).toBe(view);
    expect(slideView(view, NOW + 40_000).view.clicks).toBe(0);
  });

  it("moves the 24 hours by local hours, in a zone half an hour off UTC", () => {
    const log = [clickAt(NOW - 23 * HOUR - 20 * MINUTE), clickAt(NOW - 22 * HOUR), clickAt(NOW - HOUR)];
    const at = NOW + 2 * HOUR;
    const { view } = slideView(served(log, "range=24h&tz=Asia/Kolkata"), at);
    expect(view.series).toEqual(then(log, "range=24h&tz=Asia/Kolkata", at).series);
    expect(view.clicks).toBe(1);
  });

  it("leaves a range of days as served", () => {
    const view = served([clickAt(NOW - 6 * 24 * HOUR)], "range=7d");
    expect(slideView(view, NOW + 3 * 24 * HOUR).view).toBe(view);
    expect(nextSlide(view, NOW)).toBeNull();
  });
});

describe("nextSlide", () => {
  it("is the start of the next bucket after the view's time or the clock's, whichever is later", () => {
    const view = served([], "range=1h");
    expect(nextSlide(view, NOW)).toBe(Date.UTC(2030, 0, 10, 12, 31));
    expect(nextSlide(view, NOW - HOUR)).toBe(Date.UTC(2030, 0, 10, 12, 31));
    expect(nextSlide(view, Date.UTC(2030, 0, 10, 12, 31))).toBe(Date.UTC(2030, 0, 10, 12, 32));
    expect(nextSlide(served([], "range=24h&tz=Asia/Kolkata"), NOW)).toBe(Date.UTC(2030, 0, 10, 12, 30) + HOUR);
  });
});
