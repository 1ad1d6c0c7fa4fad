"use client";
// A live link's stats with the range's window moving with the clock (lib/client/links/
// slide-view.ts): one timer, armed for the moment the window next moves. When clicks leave a
// window that keeps others, the figures only the server's log can give (unique visitors,
// breakdowns) are read once for that window, after a random delay of up to SPREAD_MS so the
// viewers of a link do not all ask at the same instant; a live event in the meantime makes
// the read unneeded.

import { useEffect, useMemo, useState } from "react";
import { nextSlide, slideView } from "@/lib/client/links/slide-view";
import { readLinkView } from "@/lib/client/links/read-view";
import { queryKey, sameQuery, type AnalyticsQuery } from "@/lib/links/analytics/query";
import type { AnalyticsView, LinkStatsWithView } from "@/lib/links/types";

const SPREAD_MS = 3_000;

/** The browser's time once the window has moved past `view`'s; null until then. */
function useSlideClock(view: AnalyticsView): number | null {
  const [now, setNow] = useState<number | null>(null);
  const next = nextSlide(view, now ?? view.to);
  useEffect(() => {
    if (next === null) return;
    let timer: ReturnType<typeof setTimeout>;
    // A timer can fire a little early: it waits again for the rest.
    const arm = (): void => {
      const wait = next - Date.now();
      timer = setTimeout(() => (Date.now() >= next ? setNow(Date.now()) : arm()), Math.max(0, wait));
    };
    arm();
    return () => clearTimeout(timer);
  }, [next]);
  return now;
}

export interface SlidingView {
  stats: LinkStatsWithView;
  /** Some of the view's figures still count clicks that left the window; a read is on its way. */
  stale: boolean;
}

/** `live`: the stream's latest stats for `query`. `code` null: nothing more is read. */
export function useSlidingView(code: string | null, query: AnalyticsQuery, live: LinkStatsWithView): SlidingView {
  const [read, setRead] = useState<{ stats: LinkStatsWithView; from: number; key: string } | null>(null);
  // The newer of the stream's view and the one read, for the query shown.
  const latest = read !== null && sameQuery(read.stats.view, query) && read.stats.view.to > live.view.to ? read.stats : live;
  const now = useSlideClock(latest.view);
  const slid = useMemo(() => slideView(latest.view, now), [latest.view, now]);
  // Read once per window and query: a view read for them that is stale still (the server's
  // clock behind the browser's) is kept, not read again.
  const key = queryKey(query);
  const stale = slid.stale && (read?.from !== slid.view.from || read.key !== key);
  const { from } = slid.view;

  useEffect(() => {
    if (!stale || code === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void readLinkView(code, query, controller.signal).then((stats) => {
        if (stats !== null) setRead({ stats, from, key });
      });
    }, Math.random() * SPREAD_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The query by its key: a new object of the same query is the same read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stale, code, key, from]);

  return { stats: slid.view === latest.view ? latest : { ...latest, view: slid.view }, stale };
}
