// useLinkCounts(codes): live click counts for a list of links (the /links page), over one
// stream for the whole list. "counts" events carry the full { code: clicks } map.

import { STREAMS, type ClickCounts } from "@/lib/api/streams";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";
import { useStream } from "./useStream";

export type { ClickCounts };

// The server watches at most this many codes per stream (lib/links MAX_WATCHED_CODES);
// lib/links is server code, so the figure is repeated here rather than imported.
export const MAX_LIVE_CODES = 50;

/** The first MAX_LIVE_CODES of `codes` (the list's newest), or null when there is nothing to
 * watch. Sorted, so the same set of links is the same URL (and so one shared stream)
 * whatever order they are listed in. */
function watchedCodes(codes: readonly string[]): string[] | null {
  const unique = [...new Set(codes)].slice(0, MAX_LIVE_CODES).sort();
  return unique.length === 0 ? null : unique;
}

export interface LinkCounts {
  counts: ClickCounts | undefined;
  status: ConnectionStatus;
}

export function useLinkCounts(codes: readonly string[], fallbackData?: ClickCounts): LinkCounts {
  const watched = watchedCodes(codes);
  const { data, status } = useStream(STREAMS.clickCounts, watched && { codes: watched }, (_current, event) => event.data, {
    fallbackData,
  });
  return { counts: data, status };
}
