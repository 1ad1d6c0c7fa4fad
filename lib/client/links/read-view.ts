// One link's stats and the view of a range, read once (GET /api/links/{code}?range=&tz=&…):
// for when the window of a live view moved with the clock and clicks left it, which only the
// server's log can account for. Null when it could not be read: the live view stays.

import { apiFetch } from "@/lib/client/api";
import { analyticsSearch, type AnalyticsQuery } from "@/lib/links/analytics/query";
import type { LinkStatsWithView } from "@/lib/links/types";

export async function readLinkView(code: string, query: AnalyticsQuery, signal: AbortSignal): Promise<LinkStatsWithView | null> {
  try {
    return await apiFetch<LinkStatsWithView>(`/api/links/${encodeURIComponent(code)}?${analyticsSearch(query)}`, { signal });
  } catch {
    return null;
  }
}
