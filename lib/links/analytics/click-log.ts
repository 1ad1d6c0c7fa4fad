// The click log the analytics are computed from: ["link_recent", code, timeOrderedId] →
// RecentClick, one per click, written by the click's own commit (../click.ts) with a TTL of
// 31 days. Bounded in count by its readers: a read that finds LOG_TRIM_AT entries or more
// deletes all but the newest LOG_KEPT (hysteresis: steady traffic costs one trim per ~100
// clicks, not one per click).
//
// A live feed keeps the log in memory (ClickLogWindow) and, after each click, reads only the
// entries since the newest it has — one short list per change, not the whole log.

import type { Kv, KvEntry, KvKey } from "@/lib/kv";
import { logError } from "@/lib/log";
import { recentKey, recentPrefix } from "../keys";
import type { RecentClick } from "../types";
import type { ClickAt } from "./view";

export const LOG_KEPT = 10_000;
export const LOG_TRIM_AT = 10_100;
// 30 local days reach back up to 14 hours more than 30 UTC days.
const WINDOW_MS = 31 * 86_400_000;
// Two app instances' clocks differ a little, so a click can be logged slightly in the past.
const SKEW_MS = 10_000;
const MAX_DELETES_PER_COMMIT = 1000; // Deno KV's mutation limit

/** When a log entry's click happened: its id starts with the time (../time-id.ts). */
function timeOf(id: string): number {
  return parseInt(id.slice(0, 9), 36);
}

/** A key that sorts before every entry logged at `at` or later. */
function keyAt(code: string, at: number): KvKey {
  return recentKey(code, Math.max(0, Math.floor(at)).toString(36).padStart(9, "0"));
}

async function newestEntries(kv: Kv, code: string, since: number | null): Promise<KvEntry<RecentClick>[]> {
  const selector = since === null ? { prefix: recentPrefix(code) } : { prefix: recentPrefix(code), start: keyAt(code, since) };
  const out: KvEntry<RecentClick>[] = [];
  for await (const entry of kv.list<RecentClick>(selector, { reverse: true, limit: LOG_TRIM_AT, batchSize: 1000 })) out.push(entry);
  return out;
}

/** Deletes every entry older than `oldestKept` (an entry's id). */
async function deleteOlderThan(kv: Kv, code: string, oldestKept: string): Promise<void> {
  const keys: KvKey[] = [];
  for await (const entry of kv.list({ prefix: recentPrefix(code), end: recentKey(code, oldestKept) })) keys.push(entry.key);
  for (let i = 0; i < keys.length; i += MAX_DELETES_PER_COMMIT) {
    const op = kv.atomic();
    for (const key of keys.slice(i, i + MAX_DELETES_PER_COMMIT)) op.delete(key);
    await op.commit();
  }
}

export interface ClickLog {
  /** Oldest first, at most LOG_KEPT, none older than 31 days. */
  clicks: ClickAt[];
  /** It holds LOG_KEPT clicks: older ones may have been dropped. */
  full: boolean;
}

/** A link's click log kept in memory and brought up to date with the entries logged since. */
export class ClickLogWindow {
  private readonly ids: string[] = [];
  private readonly byId = new Map<string, ClickAt>();
  private loaded = false;
  /** Clicks dropped past the bound since the stored log was last trimmed. */
  private overflow = 0;

  constructor(
    private readonly kv: Kv,
    private readonly code: string,
  ) {}

  async refresh(now: number): Promise<ClickLog> {
    const newest = this.ids.at(-1);
    const since = this.loaded && newest !== undefined ? timeOf(newest) - SKEW_MS : this.loaded ? now - WINDOW_MS : null;
    const entries = await newestEntries(this.kv, this.code, since);
    this.loaded = true;
    let outOfOrder = false;
    for (let i = entries.length - 1; i >= 0; i--) {
      const id = entries[i].key[2] as string;
      if (this.byId.has(id)) continue;
      if (this.ids.length > 0 && id < (this.ids.at(-1) as string)) outOfOrder = true;
      this.ids.push(id);
      this.byId.set(id, { at: timeOf(id), click: entries[i].value });
    }
    if (outOfOrder) this.ids.sort();
    // Clicks past the bound leave memory at once; the stored log is trimmed once ~100 have.
    this.overflow += this.drop(now);
    if (this.overflow >= LOG_TRIM_AT - LOG_KEPT) {
      this.overflow = 0;
      await deleteOlderThan(this.kv, this.code, this.ids[0]).catch((error: unknown) =>
        logError("lib/links: trimming the click log failed", error),
      );
    }
    return { clicks: this.ids.map((id) => this.byId.get(id) as ClickAt), full: this.ids.length >= LOG_KEPT };
  }

  /** Forgets clicks past the bound and older than the window; returns how many went past the bound. */
  private drop(now: number): number {
    const overBound = Math.max(0, this.ids.length - LOG_KEPT);
    let cut = overBound;
    while (cut < this.ids.length && timeOf(this.ids[cut]) < now - WINDOW_MS) cut++;
    for (const id of this.ids.splice(0, cut)) this.byId.delete(id);
    return overBound;
  }
}

/** The link's click log now, read whole (a one-off read; live feeds keep a ClickLogWindow). */
export function readClickLog(kv: Kv, code: string, now: number): Promise<ClickLog> {
  return new ClickLogWindow(kv, code).refresh(now);
}
