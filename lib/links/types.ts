// The shapes lib/links stores and returns. Times are ISO strings in records (they go out
// as JSON unchanged) and epoch milliseconds in time series (charts want numbers).

/** What ["links", code] holds. Its owner may change `url` and `paused` (manage.ts). */
export interface LinkRecord {
  code: string;
  url: string;
  createdAt: string;
  expiresAt: string | null;
  /** The visitor id of the creator. Never sent to other visitors: it is their cookie. */
  owner: string;
  /** Paused by its owner: /s/{code} answers a page saying so instead of redirecting. Absent: false. */
  paused?: boolean;
  /** A tag of the clientId of the create that made it (lib/idempotency's requestTag), if any. */
  request?: string;
}

/**
 * What ["links", code] holds while its link is being deleted (delete.ts): from this commit on
 * the link is gone for every reader, and its data is removed behind it.
 */
export interface DeletedLinkRecord {
  code: string;
  owner: string;
  deletedAt: string;
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
  paused: boolean;
}

/** What ["visitor_links", visitorId, id] holds: a copy of the record as created (listVisitorLinks reads the record itself for what may change). */
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

/** How the visitor came: by the link itself, or by scanning its QR code (which adds ?qr=1). */
export type Trigger = "link" | "qr";

/** What one click tells us, already reduced to the names we count by. */
export interface ClickDetails {
  /** Referrer domain, or "direct". */
  referrer: string;
  /** ISO 3166 alpha-2, upper case, or "unknown". */
  country: string;
  browser: string;
  os: string;
  device: DeviceType;
  /** Absent: "link". */
  trigger?: Trigger;
  /** UTM tags from the visited short URL, else from the link's target. */
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  /**
   * Who the visitor is, as a keyed hash of their signed cookie id or, without one, of their
   * address and User-Agent (lib/links/visitor-hash.ts): never the address or cookie itself.
   */
  visitor?: string;
}

/** What ["link_recent", code, id] holds: one click, as the analytics of a time range read it. */
export interface RecentClick {
  at: string;
  referrer: string;
  country: string;
  browser: string;
  os: string;
  device: DeviceType;
  /** Absent in entries written before QR scans were told apart: a link click. */
  trigger?: Trigger;
  /** "" when the click had none. */
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  /** The visitor's hash for this link only (lib/links/click.ts), so logs of two links cannot be joined. */
  visitor?: string;
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

export type { AnalyticsView, RangeSeries } from "./analytics/view";
import type { AnalyticsView } from "./analytics/view";

/** What the live stats stream and GET /api/links/{code} send: the stats and the range's view. */
export interface LinkStatsWithView extends LinkStats {
  view: AnalyticsView;
}
export type { RangeName, BucketUnit } from "./analytics/ranges";
export type { FilterDimension, Filters } from "./analytics/query";
