// What a viewer asks the analytics for, from a URL's query: a range (?range=1h|24h|7d|30d,
// default 24h), their time zone (?tz=Europe/Paris, default UTC) and any filters, one value
// per dimension (?country=FR&browser=Firefox&utm_source=newsletter …).

import { isRangeName, type RangeName } from "./ranges";
import { isTimeZone } from "./time-zone";

export const FILTER_DIMENSIONS = [
  "referrer",
  "country",
  "browser",
  "os",
  "device",
  "trigger",
  "utmSource",
  "utmMedium",
  "utmCampaign",
] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];
export type Filters = Partial<Record<FilterDimension, string>>;

/** Each dimension's name in a URL query. */
export const FILTER_PARAMS: Readonly<Record<FilterDimension, string>> = {
  referrer: "referrer",
  country: "country",
  browser: "browser",
  os: "os",
  device: "device",
  trigger: "trigger",
  utmSource: "utm_source",
  utmMedium: "utm_medium",
  utmCampaign: "utm_campaign",
};

export interface AnalyticsQuery {
  range: RangeName;
  timeZone: string;
  filters: Filters;
}

export const DEFAULT_RANGE: RangeName = "24h";
// A referrer domain can be 253 characters; every other name is clipped shorter when counted.
const MAX_FILTER_VALUE = 253;

export type QueryParse = { ok: true; query: AnalyticsQuery } | { ok: false; code: string; message: string };

export function parseAnalyticsQuery(params: URLSearchParams): QueryParse {
  const range = params.get("range") ?? DEFAULT_RANGE;
  if (!isRangeName(range)) return { ok: false, code: "invalid_range", message: "range must be one of 1h, 24h, 7d or 30d." };
  const timeZone = params.get("tz") ?? "UTC";
  if (!isTimeZone(timeZone)) {
    return { ok: false, code: "invalid_time_zone", message: "tz must be an IANA time zone name, such as Europe/Paris." };
  }
  const filters: Filters = {};
  for (const dimension of FILTER_DIMENSIONS) {
    const value = params.get(FILTER_PARAMS[dimension]);
    if (value === null || value === "") continue;
    if (value.length > MAX_FILTER_VALUE) {
      return { ok: false, code: "invalid_filter", message: `${FILTER_PARAMS[dimension]} is at most ${MAX_FILTER_VALUE} characters.` };
    }
    filters[dimension] = value;
  }
  return { ok: true, query: { range, timeZone, filters } };
}

/** One string per distinct query, for sharing the work of identical views. */
export function queryKey(query: AnalyticsQuery): string {
  return JSON.stringify([query.range, query.timeZone, FILTER_DIMENSIONS.map((dimension) => query.filters[dimension] ?? null)]);
}

/** The query as URL parameters (the stream's and the export's), filters by their URL names. */
export function analyticsParams(query: AnalyticsQuery): Record<string, string> {
  const params: Record<string, string> = { range: query.range, tz: query.timeZone };
  for (const dimension of FILTER_DIMENSIONS) {
    const value = query.filters[dimension];
    if (value !== undefined) params[FILTER_PARAMS[dimension]] = value;
  }
  return params;
}

/** The query as a URL's search string, without the "?". */
export function analyticsSearch(query: AnalyticsQuery): string {
  return new URLSearchParams(analyticsParams(query)).toString();
}

/** Whether `view` answers `query` (same range, zone and filters). */
export function sameQuery(view: AnalyticsQuery, query: AnalyticsQuery): boolean {
  return queryKey(view) === queryKey(query);
}
