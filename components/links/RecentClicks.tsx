"use client";
// The live feed of the latest clicks, newest first.

import { useState } from "react";
import type { RecentClick } from "@/lib/links/types";
import { DeviceIcon } from "./DeviceIcon";
import { deviceLabel } from "./devices";
import { countryName, flagEmoji } from "./places";
import { relativeTime } from "@/components/ui/time";
import { useNow } from "@/lib/client/hooks/useNow";

// Clicks carry no id; their time plus details is unique but for true twins, which the
// occurrence count tells apart. Stable keys let a new click slide in without re-rendering the rest.
function keysFor(clicks: readonly RecentClick[]): string[] {
  const seen = new Map<string, number>();
  return clicks.map((click) => {
    const base = `${click.at}|${click.referrer}|${click.country}|${click.browser}|${click.os}|${click.device}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  });
}

// Enough to show the flow of clicks without outgrowing the breakdowns beside it.
const FOLDED_ROWS = 10;

export function RecentClicks({ clicks }: { clicks: readonly RecentClick[] }) {
  const now = useNow();
  const [open, setOpen] = useState(false);
  const keys = keysFor(clicks);
  const shown = open ? clicks : clicks.slice(0, FOLDED_ROWS);
  return (
    <section aria-labelledby="recent-heading" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="recent-heading" className="font-semibold text-slate-900">
          Recent clicks
        </h2>
        <span className="text-xs text-slate-400">newest first</span>
      </div>
      {clicks.length === 0 ? (
        <p className="mt-4 rounded-xl border border-dashed border-slate-200 px-3 py-8 text-center text-sm text-slate-400">
          Clicks will appear here the moment they happen.
        </p>
      ) : (
        <ol className="mt-3 divide-y divide-slate-100" data-testid="recent-clicks">
          {shown.map((click, i) => (
            <li key={keys[i]} className="flex items-center gap-3 py-2.5 text-sm">
              <span className="w-7 shrink-0 text-center text-xl leading-none" title={countryName(click.country)} aria-hidden="true">
                {flagEmoji(click.country)}
              </span>
              <div className="min-w-0 flex-1">
                <p className="truncate text-slate-800">
                  <span className="font-medium">{click.browser}</span>
                  <span className="text-slate-500"> on {click.os}</span>
                  <span className="sr-only">, from {countryName(click.country)}</span>
                </p>
                <p className="flex items-center gap-1 text-xs text-slate-500">
                  <DeviceIcon device={click.device} className="h-3.5 w-3.5" />
                  <span className="min-w-0 truncate">
                    {deviceLabel(click.device)} · {click.referrer === "direct" ? "direct" : `via ${click.referrer}`}
                  </span>
                </p>
              </div>
              <time dateTime={click.at} className="shrink-0 text-xs text-slate-400 tabular-nums">
                {now === null ? "" : relativeTime(click.at, now, { precise: true, justNowMs: 5_000 })}
              </time>
            </li>
          ))}
        </ol>
      )}
      {clicks.length > FOLDED_ROWS && (
        <button
          type="button"
          onClick={() => setOpen((value) => !value)}
          aria-expanded={open}
          className="mt-2 rounded-md text-sm font-medium text-indigo-600 hover:text-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
        >
          {open ? "Show fewer" : `Show the last ${clicks.length}`}
        </button>
      )}
    </section>
  );
}
