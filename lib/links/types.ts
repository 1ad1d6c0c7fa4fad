// The shapes lib/links stores and returns. Times are ISO strings in records (they go out
// as JSON unchanged) and epoch milliseconds in time series (charts want numbers).

/** What ["links", code] holds. Immutable once created. */
export interface LinkRecord {
  code: string;
  url: string;
  createdAt: string;
  expiresAt: string | null;
  /** The visitor id of the creator. Never sent to other visitors: it is their cookie. */
  owner: string;
  /** A tag of the clientId of the create that made it (lib/idempotency's requestTag), if any. */
  request?: string;
}

/** A stored link with the versionstamp it was read at (click commits check it). */
export interface Link extends LinkRecord {
  versionstamp: string;
}

/** The part of a link anyone may see. */
export interface PublicLink {
  code: string;
  url: string;
  createdAt: string;
  expiresAt: string | null;
  expired: boolean;
}

/** What ["visitor_links", visitorId, id] holds. */
export interface VisitorLinkEntry {
  code: string;
  url: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface VisitorLink extends PublicLink {
  clicks: number;
}

export type DeviceType = "desktop" | "mobile" | "tablet" | "tv" | "bot" | "unknown";

/** What one click tells us, already reduced to the names we count by. */
export interface ClickDetails {
  /** Referrer domain, or "direct". */
  referrer: string;
  /** ISO 3166 alpha-2, upper case, or "unknown". */
  country: string;
  browser: string;
  os: string;
  device: DeviceType;
}

/** What ["link_recent", code, id] holds. */
export interface RecentClick extends ClickDetails {
  at: string;
}

export type { SeriesPoint, TimeSeries } from "./time-series";
import type { TimeSeries } from "./time-series";

export interface NamedCount {
  name: string;
  n: number;
}

export interface LinkStats {
  link: PublicLink;
  clicks: number;
  botHits: number;
  /** The last 60 minutes. */
  minutes: TimeSeries;
  /** The last 30 UTC days. */
  days: TimeSeries;
  referrers: NamedCount[];
  countries: NamedCount[];
  browsers: NamedCount[];
  os: NamedCount[];
  devices: NamedCount[];
  /** Newest first, at most 20. */
  recent: RecentClick[];
  /** Newest versionstamp among the link and its counters: changes whenever the stats do. */
  versionstamp: string;
}
