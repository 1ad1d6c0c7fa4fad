// The one relative-time helper keeps each page's wording: the chat's and the posts' ("5 min
// ago", then a date after a week; "just now" under a minute, or 45 s for comments) and the
// links' by-the-second one ("12 s ago", "26 h ago", "2 days ago").
import { describe, expect, it } from "vitest";
import { relativeTime } from "./time";

const NOW = Date.parse("2026-03-20T12:00:00Z");
const ago = (ms: number) => NOW - ms;

describe("relativeTime", () => {
  it("words minutes, hours and days, then shows the date", () => {
    expect(relativeTime(ago(59_000), NOW)).toBe("just now");
    expect(relativeTime(ago(60_000), NOW)).toBe("1 min ago");
    expect(relativeTime(ago(89 * 60_000), NOW)).toBe("1 h ago");
    expect(relativeTime(ago(30 * 3_600_000), NOW)).toBe("1 d ago");
    expect(relativeTime(ago(8 * 86_400_000), NOW, { date: () => "Mar 12" })).toBe("Mar 12");
  });

  it("takes ISO times and a shorter 'just now'", () => {
    expect(relativeTime(new Date(ago(50_000)).toISOString(), NOW, { justNowMs: 45_000 })).toBe("1 min ago");
    expect(relativeTime(new Date(ago(44_000)).toISOString(), NOW, { justNowMs: 45_000 })).toBe("just now");
  });

  it("counts seconds when precise", () => {
    const precise = { precise: true, justNowMs: 5_000 };
    expect(relativeTime(ago(4_000), NOW, precise)).toBe("just now");
    expect(relativeTime(ago(12_000), NOW, precise)).toBe("12 s ago");
    expect(relativeTime(ago(26 * 3_600_000), NOW, precise)).toBe("26 h ago");
    expect(relativeTime(ago(50 * 3_600_000), NOW, precise)).toBe("2 days ago");
  });
});
