// Formatting shared by the server and client renders. Dates are formatted in UTC with a fixed
// locale so that both renders produce the same text (no hydration mismatch); RelativeTime
// (components/ui) switches to relative wording once it runs in the browser.

const DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

/** Minutes to read, at 220 words a minute; at least 1. */
export function readingMinutes(paragraphs: readonly string[]): number {
  const words = paragraphs.join(" ").split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 220));
}
