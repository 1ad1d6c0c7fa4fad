// Counting a click: ONE atomic commit that checks the link still exists (by the versionstamp
// it was read at, usually from the cache) and bumps every counter the analytics show. One
// commit is one Redis round trip, and all counters move together: a reader never sees the
// total without its breakdowns. The same commit logs the click (the visitor as a per-link
// hash, never an address), which the analytics of a time range are computed from.

import type { Kv } from "@/lib/kv";
import { noteClickRecorded } from "./click-count";
import {
  botHitsKey,
  breakdownKey,
  clicksKey,
  dayKey,
  dayOf,
  linkKey,
  minuteKey,
  minuteOf,
  RECENT_TTL_MS,
  recentKey,
} from "./keys";
import { timeOrderedId } from "./time-id";
import type { ClickDetails, Link, RecentClick } from "./types";
import { utmTags } from "./visit";
import { linkVisitorId } from "./visitor-hash";

export interface Click extends ClickDetails {
  /** When it happened, epoch ms. */
  at: number;
}

/** The UTM tags of the link's target, for clicks on a short URL that carries none of its own. */
function targetTags(url: string): Pick<ClickDetails, "utmSource" | "utmMedium" | "utmCampaign"> {
  const query = url.indexOf("?");
  return query === -1 ? {} : utmTags(new URLSearchParams(url.slice(query + 1).split("#")[0]));
}

function logEntry(link: Link, click: Click): RecentClick {
  const fromVisit = click.utmSource !== undefined || click.utmMedium !== undefined || click.utmCampaign !== undefined;
  const tags = fromVisit ? click : targetTags(link.url);
  const entry: RecentClick = {
    at: new Date(click.at).toISOString(),
    referrer: click.referrer,
    country: click.country,
    browser: click.browser,
    os: click.os,
    device: click.device,
    trigger: click.trigger ?? "link",
  };
  if (tags.utmSource !== undefined) entry.utmSource = tags.utmSource;
  if (tags.utmMedium !== undefined) entry.utmMedium = tags.utmMedium;
  if (tags.utmCampaign !== undefined) entry.utmCampaign = tags.utmCampaign;
  if (click.visitor !== undefined) entry.visitor = linkVisitorId(link.code, click.visitor);
  return entry;
}

/** Records one click; false when the link is gone (or changed) since `link` was read. */
export async function recordClick(kv: Kv, link: Link, click: Click): Promise<boolean> {
  const { code } = link;
  const recent = logEntry(link, click);
  const result = await kv
    .atomic()
    .check({ key: linkKey(code), versionstamp: link.versionstamp })
    .sum(clicksKey(code), 1n)
    .sum(minuteKey(code, minuteOf(click.at)), 1n)
    .sum(dayKey(code, dayOf(click.at)), 1n)
    .sum(breakdownKey(code, "referrer", click.referrer), 1n)
    .sum(breakdownKey(code, "country", click.country), 1n)
    .sum(breakdownKey(code, "browser", click.browser), 1n)
    .sum(breakdownKey(code, "os", click.os), 1n)
    .sum(breakdownKey(code, "device", click.device), 1n)
    .set(recentKey(code, timeOrderedId(click.at)), recent, { expireIn: RECENT_TTL_MS })
    .commit();
  if (result.ok) noteClickRecorded();
  return result.ok;
}

/** Counts a HEAD request or a bot's fetch; false when the link is gone. */
export async function recordBotHit(kv: Kv, link: Link): Promise<boolean> {
  const result = await kv
    .atomic()
    .check({ key: linkKey(link.code), versionstamp: link.versionstamp })
    .sum(botHitsKey(link.code), 1n)
    .commit();
  return result.ok;
}
