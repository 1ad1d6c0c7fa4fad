// Where shortlinks live on KV. Every key a link uses starts with a family name and the
// link's code, so one link's data is a handful of prefixes.
//
//   ["links", code]                               → LinkRecord. Never given a TTL: after it
//                                                   expires (expiresAt) the record stays, so the
//                                                   code stays taken and the redirect answers 410.
//   ["visitor_links", visitorId, timeId]          → VisitorLinkEntry (a copy of the immutable
//                                                   record), newest last in key order.
//   ["link_client_ids", scope, clientId]          → { fingerprint, id: code }, expireIn 24 h, in
//                                                   the link's own commit: a repeated create
//                                                   answers with that link (lib/idempotency;
//                                                   scope "v:" + visitorId, or "new").
//   ["link_clicks", code]                         → KvU64 total clicks. The key live views watch.
//   ["link_bot_hits", code]                       → KvU64 HEAD requests and bot/previewer fetches,
//                                                   kept apart so they never inflate clicks.
//   ["link_minutes", code, minute]                → KvU64 clicks in that minute (minutes since
//                                                   the Unix epoch, UTC). Buckets older than the
//                                                   60-minute window are deleted by the stats
//                                                   reader (see stats.ts), so they don't pile up.
//   ["link_days", code, day]                      → KvU64 clicks that UTC day (days since the
//                                                   epoch). Kept: one small key per active day.
//   ["link_stats", code, dimension, name]         → KvU64 clicks per referrer domain, country,
//                                                   browser, OS or device type.
//   ["link_recent", code, timeId]                 → RecentClick, the click log: one per click,
//                                                   set with expireIn 31 days. The analytics of
//                                                   a time range (unique visitors, filters, UTM,
//                                                   QR scans, CSV export) are computed from it.
//                                                   Bounded by its readers: one that finds
//                                                   10,100 entries deletes all but the newest
//                                                   10,000 (analytics/click-log.ts).
//
// A link's keys other than its record: what deleting a link removes (delete.ts), a family at
// a time. They share the record's partition on a Redis Cluster (lib/server/partitions.ts), so
// a click is one commit; the owner's list is the visitor's. A new family of per-link keys
// belongs in linkDataPrefixes and in partitions.ts too.
//
// KvU64 sums cannot carry a TTL (a sum rewrites the key), which is why the minute buckets
// and the recent log are trimmed by readers rather than expired by Redis alone.

import type { KvKey } from "@/lib/kv";

export const BREAKDOWN_DIMENSIONS = ["referrer", "country", "browser", "os", "device"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export const linkKey = (code: string): KvKey => ["links", code];
export const visitorLinksPrefix = (visitorId: string): KvKey => ["visitor_links", visitorId];
export const visitorLinkKey = (visitorId: string, id: string): KvKey => ["visitor_links", visitorId, id];
export const clicksKey = (code: string): KvKey => ["link_clicks", code];
export const botHitsKey = (code: string): KvKey => ["link_bot_hits", code];
export const minutesPrefix = (code: string): KvKey => ["link_minutes", code];
export const minuteKey = (code: string, minute: number): KvKey => ["link_minutes", code, minute];
export const daysPrefix = (code: string): KvKey => ["link_days", code];
export const dayKey = (code: string, day: number): KvKey => ["link_days", code, day];
export const breakdownPrefix = (code: string, dimension: BreakdownDimension): KvKey => ["link_stats", code, dimension];
export const breakdownKey = (code: string, dimension: BreakdownDimension, name: string): KvKey => [
  "link_stats",
  code,
  dimension,
  name,
];
export const recentPrefix = (code: string): KvKey => ["link_recent", code];
export const recentKey = (code: string, id: string): KvKey => ["link_recent", code, id];

/** Every per-link key family but the record: deleting the link deletes everything under these. */
export function linkDataPrefixes(code: string): KvKey[] {
  return [clicksKey(code), botHitsKey(code), minutesPrefix(code), daysPrefix(code), ["link_stats", code], recentPrefix(code)];
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const RECENT_TTL_MS = 31 * DAY_MS;

export const minuteOf = (at: number): number => Math.floor(at / MINUTE_MS);
export const dayOf = (at: number): number => Math.floor(at / DAY_MS);
