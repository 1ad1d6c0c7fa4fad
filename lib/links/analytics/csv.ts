// A range's clicks as CSV (RFC 4180), oldest first, for GET /api/links/{code}/export. Values a
// visitor's browser sent (referrer domains, UTM tags) could start with "=", "+", "-" or "@",
// which a spreadsheet would run as a formula: such a value is written with a leading "'".

import type { RecentClick } from "../types";
import { wallClock } from "./time-zone";
import type { ClickAt } from "./view";
import { dimensionValue } from "./view";

const COLUMNS = [
  "time_utc",
  "time_local",
  "trigger",
  "referrer",
  "country",
  "browser",
  "os",
  "device",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "visitor",
] as const;

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const two = (n: number): string => String(n).padStart(2, "0");

function localTime(at: number, timeZone: string): string {
  const c = wallClock(at, timeZone);
  return `${c.year}-${two(c.month)}-${two(c.day)} ${two(c.hour)}:${two(c.minute)}:${two(c.second)}`;
}

function row(at: number, click: RecentClick, timeZone: string): string {
  return [
    new Date(at).toISOString(),
    localTime(at, timeZone),
    dimensionValue(click, "trigger"),
    click.referrer,
    click.country,
    click.browser,
    click.os,
    click.device,
    click.utmSource ?? "",
    click.utmMedium ?? "",
    click.utmCampaign ?? "",
    click.visitor ?? "",
  ]
    .map(cell)
    .join(",");
}

/** The CSV text: a header line, then one line per click, each ending in CRLF. */
export function clicksCsv(clicks: readonly ClickAt[], timeZone: string): string {
  return [COLUMNS.join(","), ...clicks.map(({ at, click }) => row(at, click, timeZone))].map((line) => `${line}\r\n`).join("");
}
