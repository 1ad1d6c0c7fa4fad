// Text for the shortlink pages. Locale and time zone are fixed (en-US, UTC for dates) so
// the server's render and the browser's hydration produce the same text.

const COUNT = new Intl.NumberFormat("en-US");
const DAY_LABEL = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function formatCount(n: number): string {
  return COUNT.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "Nov 22" for a UTC day bucket. */
export function formatDay(epochMs: number): string {
  return DAY_LABEL.format(epochMs);
}

/** "Nov 22, 2025, 6:40 AM UTC". */
export function formatDateTime(iso: string): string {
  return `${DATE_TIME.format(Date.parse(iso))} UTC`;
}

/** A span of time in the largest unit that fits: "45 s", "3 min", "5 h", "2 days". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return plural(Math.floor(h / 24), "day");
}

/** "just now", "12 s ago", "3 min ago"… relative to `now`. */
export function timeAgo(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (ms < 5_000) return "just now";
  return `${formatSpan(ms)} ago`;
}

/** The part of a URL worth showing in a narrow space: host and path, no scheme. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/\/$/, "");
}
