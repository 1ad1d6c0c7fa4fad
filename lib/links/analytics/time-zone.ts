// Wall-clock arithmetic in a viewer's IANA time zone, with nothing but Intl: the analytics
// bucket clicks by the viewer's local hours and days, as their calendar shows them, DST
// included (a local day is 23, 24 or 25 hours long).

const MAX_FORMATTERS = 200;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
    if (formatters.size > MAX_FORMATTERS) formatters.delete(formatters.keys().next().value as string);
  }
  return format;
}

/** Whether `name` is a time zone this runtime knows ("Europe/Paris", "UTC", …). */
export function isTimeZone(name: string): boolean {
  if (name === "" || name.length > 64) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The date and time a clock in `timeZone` shows at `at` (epoch ms). */
export function wallClock(at: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** How far `timeZone`'s clocks are ahead of UTC at `at`, in ms. */
export function zoneOffset(at: number, timeZone: string): number {
  const c = wallClock(at, timeZone);
  const wall = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/** When the local day `year-month-day` (month 1–12; overflowing days roll over) starts in `timeZone`. */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // The offset at the guess may differ from the offset at local midnight across a DST change: settle it.
  const guess = midnightAsUtc - zoneOffset(midnightAsUtc, timeZone);
  return midnightAsUtc - zoneOffset(guess, timeZone);
}
