// The analytics page's view — its range and filters — in the page's URL (/links/abc?range=7d&
// device=mobile), so a reload, a shared address and back/forward all show the same view.
// Read leniently: the address is anyone's to type, so a range or a device or source name the
// page does not know, an empty value or an overlong one is dropped for the default, never an
// error. The time zone is not in it: each viewer sees the view in their own.

import { DEFAULT_RANGE, FILTER_DIMENSIONS, FILTER_PARAMS, type Filters } from "@/lib/links/analytics/query";
import { isRangeName, type RangeName } from "@/lib/links/analytics/ranges";
import type { DeviceType, Trigger } from "@/lib/links/types";

export interface PageView {
  range: RangeName;
  filters: Filters;
}

/** What the page's URL can carry; a URLSearchParams, or Next's read-only one. */
export interface SearchParamsReader {
  get(name: string): string | null;
}

// As the API's (lib/links/analytics/query.ts): longer is no name a click is counted under.
const MAX_FILTER_VALUE = 253;

const DEVICES: Readonly<Record<DeviceType, true>> = { desktop: true, mobile: true, tablet: true, tv: true, bot: true, unknown: true };
const TRIGGERS: Readonly<Record<Trigger, true>> = { link: true, qr: true };

function knownValue(dimension: (typeof FILTER_DIMENSIONS)[number], value: string): boolean {
  if (value === "" || value.length > MAX_FILTER_VALUE) return false;
  if (dimension === "device") return Object.hasOwn(DEVICES, value);
  if (dimension === "trigger") return Object.hasOwn(TRIGGERS, value);
  return true;
}

export function pageViewFrom(params: SearchParamsReader): PageView {
  const range = params.get("range");
  const filters: Filters = {};
  for (const dimension of FILTER_DIMENSIONS) {
    const value = params.get(FILTER_PARAMS[dimension]);
    if (value !== null && knownValue(dimension, value)) filters[dimension] = value;
  }
  return { range: range !== null && isRangeName(range) ? range : DEFAULT_RANGE, filters };
}

/** The page's search string for `view` ("" for the default view, else "?range=7d&…"). */
export function pageViewSearch(view: PageView): string {
  const params = new URLSearchParams();
  if (view.range !== DEFAULT_RANGE) params.set("range", view.range);
  for (const dimension of FILTER_DIMENSIONS) {
    const value = view.filters[dimension];
    if (value !== undefined) params.set(FILTER_PARAMS[dimension], value);
  }
  const search = params.toString();
  return search === "" ? "" : `?${search}`;
}

/** A page's searchParams prop (Next) as URLSearchParams; a repeated name counts by its first value. */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(record)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(name, first);
  }
  return params;
}
