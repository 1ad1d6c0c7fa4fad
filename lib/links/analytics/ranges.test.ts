// Buckets in the viewer's time zone: local hours and local midnights, DST included.
import { describe, expect, it } from "vitest";
import { bucketOf, rangeBuckets } from "./ranges";
import { isTimeZone, startOfLocalDay, zoneOffset } from "./time-zone";

const HOUR = 3_600_000;
// 2030-03-31 10:20:30 UTC: the Sunday Europe/Paris moves from UTC+1 to UTC+2 (at 01:00 UTC).
const NOW = Date.UTC(2030, 2, 31, 10, 20, 30);
const APRIL_2 = Date.UTC(2030, 3, 2, 10);

describe("rangeBuckets", () => {
  it("last hour: 60 minutes ending with the current one, whatever the zone", () => {
    const { unit, starts } = rangeBuckets("1h", NOW, "Asia/Kolkata");
    expect(unit).toBe("minute");
    expect(starts).toHaveLength(60);
    expect(starts.at(-1)).toBe(Date.UTC(2030, 2, 31, 10, 20));
    expect(starts[0]).toBe(Date.UTC(2030, 2, 31, 9, 21));
  });

  it("24 hours: local hours, which start at :30 UTC in India", () => {
    const utc = rangeBuckets("24h", NOW, "UTC").starts;
    expect(utc.at(-1)).toBe(Date.UTC(2030, 2, 31, 10));
    const india = rangeBuckets("24h", NOW, "Asia/Kolkata").starts;
    expect(india).toHaveLength(24);
    expect(india.at(-1)).toBe(Date.UTC(2030, 2, 31, 9, 30)); // 15:00 in Kolkata
    expect(india.at(-1)! - india[0]).toBe(23 * HOUR);
  });

  it("7 and 30 days: local midnights, today included; the DST day is 23 hours long", () => {
    const paris = rangeBuckets("7d", APRIL_2, "Europe/Paris").starts;
    expect(paris).toHaveLength(7);
    expect(paris.at(-1)).toBe(Date.UTC(2030, 3, 1, 22)); // 2 April 00:00 in Paris (UTC+2)
    expect(paris.at(-2)).toBe(Date.UTC(2030, 2, 31, 22)); // 1 April
    expect(paris.at(-3)).toBe(Date.UTC(2030, 2, 30, 23)); // 31 March, before the change (UTC+1)
    expect(paris[0]).toBe(Date.UTC(2030, 2, 26, 23));
    const newYork = rangeBuckets("30d", NOW, "America/New_York").starts;
    expect(newYork).toHaveLength(30);
    expect(newYork.at(-1)).toBe(Date.UTC(2030, 2, 31, 4)); // midnight EDT
    expect(rangeBuckets("7d", NOW, "UTC").starts.at(-1)).toBe(Date.UTC(2030, 2, 31));
  });

  it("a click goes in the bucket that holds it; before the range it goes nowhere", () => {
    const starts = rangeBuckets("7d", APRIL_2, "Europe/Paris").starts;
    expect(bucketOf(starts, Date.UTC(2030, 3, 1, 22, 30))).toBe(6); // 2 April, 00:30 in Paris
    expect(bucketOf(starts, Date.UTC(2030, 3, 1, 21, 30))).toBe(5); // 1 April, 23:30 in Paris
    expect(bucketOf(starts, APRIL_2 + 5000)).toBe(6);
    expect(bucketOf(starts, Date.UTC(2030, 2, 26, 22, 59))).toBe(-1);
  });
});

describe("time zones", () => {
  it("offsets and local midnights follow DST", () => {
    expect(zoneOffset(Date.UTC(2030, 0, 15), "Europe/Paris")).toBe(HOUR);
    expect(zoneOffset(Date.UTC(2030, 6, 15), "Europe/Paris")).toBe(2 * HOUR);
    expect(startOfLocalDay(2030, 7, 15, "Europe/Paris")).toBe(Date.UTC(2030, 6, 14, 22));
    expect(startOfLocalDay(2030, 1, 32, "UTC")).toBe(Date.UTC(2030, 1, 1)); // days roll over into the next month
  });

  it("knows IANA names and refuses anything else", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    for (const name of ["", "Mars/Olympus", "Europe/Paris; drop", "x".repeat(65)]) expect(isTimeZone(name)).toBe(false);
  });
});
