// useLinkCounts(codes): live click counts for a list of links (the /links page), over one
// stream for the whole list. "counts" events carry the full { code: clicks } map.

import type { ConnectionStatus } from "@/lib/client/stream/subscribe";
import { replaceWith } from "./live-reducers";
import { useLiveStream } from "./useLiveStream";

export type ClickCounts = Record<string, number>;

const reduceCounts = replaceWith<ClickCounts>("counts");

// The server watches at most this many codes per stream (lib/links MAX_WATCHED_CODES);
// lib/links is server code, so the figure is repeated here rather than imported.
export const MAX_LIVE_CODES = 50;

/** The stream URL for the first MAX_LIVE_CODES of `codes` (the list's newest), or null when
 * there is nothing to watch. Sorted, so the same set of links is the same URL (and so one
 * shared stream) whatever order they are listed in. */
export function linkCountsUrl(codes: readonly string[]): string | null {
  const unique = [...new Set(codes)].slice(0, MAX_LIVE_CODES).sort();
  if (unique.length === 0) return null;
  return `/api/links/events?codes=${unique.map(encodeURIComponent).join(",")}`;
}

export interface LinkCounts {
  counts: ClickCounts | undefined;
  status: ConnectionStatus;
}

export function useLinkCounts(codes: readonly string[], fallbackData?: ClickCounts): LinkCounts {
  const { data, status } = useLiveStream(linkCountsUrl(codes), reduceCounts, { fallbackData });
  return { counts: data, status };
}
