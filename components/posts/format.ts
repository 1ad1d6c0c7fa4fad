// Formatting shared by the server and client renders. Dates are formatted in UTC with a fixed
// locale so that both renders produce the same text (no hydration mismatch); RelativeTime
// switches to local, relative wording once it runs in the browser.

const DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const NUMBER = new Intl.NumberFormat("en-US");

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

export function formatCount(value: number): string {
  return NUMBER.format(value);
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", else the date. */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return formatDate(iso);
}

/** Minutes to read, at 220 words a minute; at least 1. */
export function readingMinutes(paragraphs: readonly string[]): number {
  const words = paragraphs.join(" ").split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 220));
}
