// useLiveLink(code): one link's analytics, live. The server renders the first stats (passed
// as fallbackData) so the page is complete before any JavaScript runs; the SSE stream then
// replaces them on every click. State stream: each "stats" event is the whole state, so a
// reconnect resyncs by itself.

import { STREAMS } from "@/lib/api/streams";
import type { LinkStats } from "@/lib/links/types";
import type { LiveStream } from "./useLiveStream";
import { useStream } from "./useStream";

export function useLiveLink(code: string, fallbackData?: LinkStats): LiveStream<LinkStats> {
  return useStream(STREAMS.linkStats, { code }, (_current, event) => event.data, { fallbackData });
}
