// What the analytics views' tests build their click logs and queries from.
import type { RecentClick } from "../types";
import { parseAnalyticsQuery, type AnalyticsQuery } from "./query";
import type { ClickAt } from "./view";

/** A click of the log at `at`: a desktop Firefox on Linux from France, visitor "v1", unless overridden. */
export function clickAt(at: number, overrides: Partial<RecentClick> = {}): ClickAt {
  return {
    at,
    click: {
      at: new Date(at).toISOString(),
      referrer: "direct",
      country: "FR",
      browser: "Firefox",
      os: "Linux",
      device: "desktop",
      visitor: "v1",
      ...overrides,
    },
  };
}

/** The query a URL's search string asks for; throws on one the API would refuse. */
export function queryOf(search: string): AnalyticsQuery {
  const parsed = parseAnalyticsQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
}
