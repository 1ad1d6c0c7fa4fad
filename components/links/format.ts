// Text for the shortlink pages. Locale and time zone are fixed (en-US, UTC for dates) so
// the server's render and the browser's hydration produce the same text.

const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** "Nov 22, 2025, 6:40 AM UTC". */
export function formatDateTime(iso: string): string {
  return `${DATE_TIME.format(Date.parse(iso))} UTC`;
}

/** The part of a URL worth showing in a narrow space: host and path, no scheme. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/\/$/, "");
}
