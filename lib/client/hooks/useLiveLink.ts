// useLiveLink(code, query): one link's analytics, live, for a range, time zone and filters.
// The server renders the first stats (passed as fallbackData) so the page is complete before
// any JavaScript runs; the SSE stream then replaces them on every click. State stream: each
// "stats" event is the whole state, so a reconnect resyncs by itself. Another range or filter
// is another stream URL: its first event is that view. `code` null closes the stream (a
// deleted link has nothing more to say).

import { STREAMS } from "@/lib/api/streams";
import { analyticsParams, type AnalyticsQuery } from "@/lib/links/analytics/query";
import type { LinkStatsWithView } from "@/lib/links/types";
import type { LiveStream } from "./useLiveStream";
import { useStream } from "./useStream";

export function useLiveLink(code: string | null, query: AnalyticsQuery, fallbackData?: LinkStatsWithView): LiveStream<LinkStatsWithView> {
  return useStream(STREAMS.linkStats, code === null ? null : { code, ...analyticsParams(query) }, (_current, event) => event.data, { fallbackData });
}
