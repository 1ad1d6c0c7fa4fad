// The analytics of one link, read in parallel: every read below is issued at once on the
// Kv's one connection, so Redis sees them back to back (a pipeline) and the whole read
// costs about one round trip.
//
// The reader also keeps minute buckets in check, since KvU64 sums can't carry a TTL: those
// older than the chart's window go (at most once per 10 minutes per link per process). The
// click log is bounded by its own readers (analytics/click-log.ts).

import type { Kv, KvEntry, KvKey } from "@/lib/kv";
import { logError } from "@/lib/log";
import type { KvU64 } from "@/lib/kv";
import {
  botHitsKey,
  BREAKDOWN_DIMENSIONS,
  breakdownPrefix,
  clicksKey,
  DAY_MS,
  dayKey,
  dayOf,
  daysPrefix,
  MINUTE_MS,
  minuteKey,
  minuteOf,
  minutesPrefix,
  recentPrefix,
} from "./keys";
import { withoutVisitor } from "./analytics/public-click";
import { publicLink, resolveLink } from "./resolve";
import type { LinkStats, NamedCount, RecentClick, TimeSeries } from "./types";

export const MINUTES_SHOWN = 60;
export const DAYS_SHOWN = 30;
export const RECENT_SHOWN = 20;
/** Names shown per breakdown; the rest are summed into "(other)". */
export const TOP_NAMES = 20;
export const OTHER_NAME = "(other)";
// Names read per breakdown. Referrer domains are unbounded; past this many the long tail
// (in name order, not by count) is not counted — a cap on what one stats read may cost.
const MAX_NAMES_READ = 1000;
const MINUTE_TRIM_INTERVAL_MS = 10 * MINUTE_MS;
const MAX_TRIM_ENTRIES = 1000; // one commit's worth of deletes (Deno KV's mutation limit)

const lastMinuteTrim = new WeakMap<Kv, Map<string, number>>();

async function collect<T>(iter: AsyncIterable<KvEntry<T>>): Promise<KvEntry<T>[]> {
  const out: KvEntry<T>[] = [];
  for await (const entry of iter) out.push(entry);
  return out;
}

const count = (value: KvU64 | null): number => (value === null ? 0 : Number(value.value));

function series(entries: KvEntry<KvU64>[], first: number, length: number, bucketMs: number): TimeSeries {
  const byBucket = new Map<number, number>();
  for (const entry of entries) byBucket.set(entry.key[2] as number, count(entry.value));
  return { start: first * bucketMs, bucketMs, counts: Array.from({ length }, (_, i) => byBucket.get(first + i) ?? 0) };
}

function breakdown(entries: KvEntry<KvU64>[]): NamedCount[] {
  const all = entries
    .map((entry) => ({ name: String(entry.key[3]), n: count(entry.value) }))
    .filter((item) => item.n > 0)
    .sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (all.length <= TOP_NAMES) return all;
  const rest = all.slice(TOP_NAMES).reduce((sum, item) => sum + item.n, 0);
  return [...all.slice(0, TOP_NAMES), { name: OTHER_NAME, n: rest }];
}

async function deleteKeys(kv: Kv, keys: KvKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += MAX_TRIM_ENTRIES) {
    const op = kv.atomic();
    for (const key of keys.slice(i, i + MAX_TRIM_ENTRIES)) op.delete(key);
    await op.commit();
  }
}

async function trimOldMinutes(kv: Kv, code: string, firstMinute: number, now: number): Promise<void> {
  let trims = lastMinuteTrim.get(kv);
  if (!trims) {
    trims = new Map();
    lastMinuteTrim.set(kv, trims);
  }
  const last = trims.get(code);
  if (last !== undefined && now - last < MINUTE_TRIM_INTERVAL_MS) return;
  if (trims.size >= 10_000) trims.clear();
  trims.set(code, now);
  const old = await collect(
    kv.list({ prefix: minutesPrefix(code), end: minuteKey(code, firstMinute) }, { limit: MAX_TRIM_ENTRIES }),
  );
  await deleteKeys(
    kv,
    old.map((entry) => entry.key),
  );
}

// Housekeeping must never cost a reader its stats.
function quietly(promise: Promise<void>): Promise<void> {
  return promise.catch((error: unknown) => logError("lib/links: trimming failed", error));
}

/** The link's stats as of `now`, or null when there is no such link. */
export async function getLinkStats(kv: Kv, code: string, now = Date.now()): Promise<LinkStats | null> {
  const link = await resolveLink(kv, code);
  if (link === null) return null;

  const firstMinute = minuteOf(now) - (MINUTES_SHOWN - 1);
  const firstDay = dayOf(now) - (DAYS_SHOWN - 1);
  const [counters, minutes, days, breakdowns, recent] = await Promise.all([
    kv.getMany<[KvU64, KvU64]>([clicksKey(code), botHitsKey(code)]),
    collect(
      kv.list<KvU64>(
        { prefix: minutesPrefix(code), start: minuteKey(code, firstMinute) },
        { limit: MINUTES_SHOWN + 1, batchSize: MINUTES_SHOWN + 1 },
      ),
    ),
    collect(
      kv.list<KvU64>(
        { prefix: daysPrefix(code), start: dayKey(code, firstDay) },
        { limit: DAYS_SHOWN + 1, batchSize: DAYS_SHOWN + 1 },
      ),
    ),
    Promise.all(
      BREAKDOWN_DIMENSIONS.map((dimension) =>
        collect(kv.list<KvU64>({ prefix: breakdownPrefix(code, dimension) }, { limit: MAX_NAMES_READ })),
      ),
    ),
    collect(
      kv.list<RecentClick>({ prefix: recentPrefix(code) }, { reverse: true, limit: RECENT_SHOWN, batchSize: RECENT_SHOWN }),
    ),
    quietly(trimOldMinutes(kv, code, firstMinute, now)),
  ]);

  const [clicks, botHits] = counters;
  const versionstamp = [link.versionstamp, clicks.versionstamp, botHits.versionstamp].reduce<string>(
    (newest, vs) => (vs !== null && vs > newest ? vs : newest),
    "",
  );
  const [referrers, countries, browsers, os, devices] = breakdowns.map(breakdown);
  return {
    link: publicLink(link, now),
    clicks: count(clicks.value),
    botHits: count(botHits.value),
    minutes: series(minutes, firstMinute, MINUTES_SHOWN, MINUTE_MS),
    days: series(days, firstDay, DAYS_SHOWN, DAY_MS),
    referrers,
    countries,
    browsers,
    os,
    devices,
    recent: recent.map((entry) => withoutVisitor(entry.value)),
    versionstamp,
  };
}
