// useLiveLink(code): one link's analytics, live. The server renders the first stats (passed
// as fallbackData) so the page is complete before any JavaScript runs; the SSE stream then
// replaces them on every click. State stream: each "stats" event is the whole state, so a
// reconnect resyncs by itself.

import type { LinkStats } from "@/lib/links/types";
import { replaceWith } from "./live-reducers";
import { useLiveStream, type LiveStream } from "./useLiveStream";

// Module-level, so every component on one link shares one reducer (useLiveStream asks for that).
const reduceStats = replaceWith<LinkStats>("stats");

export function linkEventsUrl(code: string): string {
  return `/api/links/${encodeURIComponent(code)}/events`;
}

export function useLiveLink(code: string, fallbackData?: LinkStats): LiveStream<LinkStats> {
  return useLiveStream(linkEventsUrl(code), reduceStats, { fallbackData });
}
