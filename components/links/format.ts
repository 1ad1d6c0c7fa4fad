// Text for the shortlink pages, in en-US so the server's render and the browser's hydration
// produce the same words. Dates are in the time zone asked for: UTC on the server (it knows
// no better), the viewer's own once hydrated (LocalDateTime).

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone,
      timeZoneName: "short",
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

/** "Nov 22, 2025, 6:40 AM UTC"; in Asia/Tokyo "Nov 22, 2025, 3:40 PM GMT+9". */
export function formatDateTime(iso: string, timeZone = "UTC"): string {
  return dateTimeFormat(timeZone).format(Date.parse(iso));
}

/** The same moment in full, for a tooltip: "Saturday, November 22, 2025 at 3:40:05 PM Japan Standard Time". */
export function formatFullDateTime(iso: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeStyle: "full", timeZone }).format(Date.parse(iso));
}

/** The part of a URL worth showing in a narrow space: host and path, no scheme. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/\/$/, "");
}
