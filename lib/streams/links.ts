// The shortlinks demo's live streams.

import { jsonError } from "@/lib/http";
import { mapPush, mapSource } from "@/lib/feeds";
import { linkStatsFeed, liveStats, parseAnalyticsQuery, parseCodesParam, resolveLink, watchClickCounts } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import type { STREAMS } from "@/lib/api/streams";
import type { StreamImplementation } from "./endpoint";

/**
 * GET /api/links/{code}/events?range=&tz=&<filters>: the link's stats and the view of the
 * range asked for ("stats", { ...stats, view }, id = the stats' versionstamp), the current
 * ones first, then after every click. All connections to one code in a process share one
 * watch and one stats read per change; each distinct view is computed once per change.
 */
export const linkStatsStream: StreamImplementation<typeof STREAMS.linkStats> = async (request, { code }) => {
  const parsed = parseAnalyticsQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(422, parsed.code, parsed.message);
  const kv = await getKv();
  // A plain 404 rather than a stream that never says anything.
  const link = await resolveLink(kv, code);
  if (link === null) return jsonError(404, "not_found", "There is no short link with that code.");
  // Pushed: a click reaches every connection on the link in one loop (lib/feeds). The code as
  // stored, whatever case it was asked for in.
  const updates = linkStatsFeed(kv, link.code);
  // Only the query is kept for the stream's life, not the parse result around it.
  const { query } = parsed;
  return {
    // One data object per query and update for every viewer (liveStats), so its frame is
    // encoded once per click, not once per connection.
    source: mapPush(updates, (update) => ({ id: update.id, event: "stats", data: liveStats(update, query) })),
  };
};

/**
 * GET /api/links/events?codes=a,b,c: live click counts for the /links list ("counts", data =
 * { code: clicks }), the full map first and after every change.
 */
export const clickCountsStream: StreamImplementation<typeof STREAMS.clickCounts> = async (request, { codes }) => {
  const parsed = parseCodesParam(codes);
  if (!parsed.ok) return jsonError(422, "invalid_codes", parsed.message);
  const updates = watchClickCounts(await getKv(), parsed.codes, request.signal);
  return { source: mapSource(updates, (update) => ({ id: update.id, event: "counts", data: update.counts })) };
};
