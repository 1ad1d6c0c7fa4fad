"use client";
// The live analytics page of one short link. Everything comes from one stats stream
// (useLiveLink) for the range and filters chosen here (kept in the page's URL), in the viewer's time zone: a click
// anywhere re-renders the counter, charts, breakdowns and feed. Its owner also gets the
// controls (ManageLink); a pause shows to every viewer as it happens, and a delete replaces
// the page for every viewer (the stream ends, useLinkGone confirms).

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import { LiveStatus } from "@/components/live/LiveStatus";
import { useLinkGone } from "@/lib/client/hooks/useLinkGone";
import { useLiveLink } from "@/lib/client/hooks/useLiveLink";
import { useSlidingView } from "@/lib/client/hooks/useSlidingView";
import { useTimeZone } from "@/lib/client/hooks/useTimeZone";
import { pageViewFrom, pageViewSearch, type PageView } from "@/lib/client/links/view-params";
import { analyticsSearch, sameQuery } from "@/lib/links/analytics/query";
import type { FilterDimension, LinkStatsWithView, PublicLink } from "@/lib/links/types";
import { Breakdowns } from "./Breakdowns";
import { Card } from "./Card";
import { MinuteChart } from "./ClickCharts";
import { ClickCounter } from "./ClickCounter";
import { CopyButton } from "./CopyButton";
import { ExpiryNote, useExpired } from "./ExpiryNote";
import { FilterBar } from "./FilterBar";
import { LinkGone } from "./LinkGone";
import { ManageLink } from "./ManageLink";
import { displayUrl } from "./format";
import { LocalDateTime } from "./LocalDateTime";
import { RangePicker, RangeSummary } from "./RangeAnalytics";
import { RecentClicks } from "./RecentClicks";

export interface LinkAnalyticsProps {
  code: string;
  shortUrl: string;
  initialStats: LinkStatsWithView;
  /** The QR code, rendered on the server. */
  qr: ReactNode;
  /** Whether the viewer created the link (and so may change it). */
  owner: boolean;
}

export function LinkAnalytics({ code, shortUrl, initialStats, qr, owner }: LinkAnalyticsProps) {
  // The range and filters live in the page's URL: a reload, a shared address and back/forward
  // show the same view. Next keeps useSearchParams in step with history.pushState.
  const { range, filters } = pageViewFrom(useSearchParams());
  const show = (view: PageView) => {
    const search = pageViewSearch(view);
    // The view already shown (its range clicked again) is no new step back for the browser.
    if (search !== window.location.search) window.history.pushState(null, "", `${window.location.pathname}${search}`);
  };
  const [gone, setGone] = useState(false);
  // The owner's last change as the server answered it, shown until the stream's next event.
  const [changed, setChanged] = useState<{ link: PublicLink; over: LinkStatsWithView | undefined } | null>(null);
  const timeZone = useTimeZone();
  const query = { range, timeZone, filters };
  const { data, status, error } = useLiveLink(gone ? null : code, query, initialStats);
  useLinkGone(code, status, () => setGone(true));
  const { stats, stale } = useSlidingView(gone ? null : code, query, data ?? initialStats);
  const { view } = stats;
  const link = changed !== null && changed.over === data ? changed.link : stats.link;
  const expired = useExpired(link.expiresAt, link.expired);
  // Until the stream for a new range or filter answers, the panels show the previous view,
  // dimmed; so too while figures that count clicks which left the window are read again.
  const pending = !sameQuery(view, query) || stale;

  const toggle = (dimension: FilterDimension, name: string) => {
    const next = { ...filters };
    if (next[dimension] === name) delete next[dimension];
    else next[dimension] = name;
    show({ range, filters: next });
  };
  const remove = (dimension: FilterDimension) => {
    const next = { ...filters };
    delete next[dimension];
    show({ range, filters: next });
  };

  const back = (
    <Link href="/links" className="text-sm font-medium text-slate-600 hover:text-slate-900">
      ← Your links
    </Link>
  );
  if (gone) {
    return (
      <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
        {back}
        <LinkGone code={code} />
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      {back}

      <header className="mt-4 flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="min-w-0">
          <p className="text-sm font-medium text-indigo-600">Live analytics</p>
          <h1 className="mt-1 font-mono text-2xl font-bold tracking-tight break-all text-slate-900 sm:text-3xl">/s/{code}</h1>
          <p className="mt-2 flex min-w-0 items-center gap-1.5 text-sm text-slate-600">
            <span aria-hidden="true" className="text-slate-400">
              →
            </span>
            <span className="sr-only">Leads to</span>
            <a href={link.url} rel="noopener noreferrer nofollow" className="truncate hover:text-indigo-600 hover:underline" title={link.url}>
              {displayUrl(link.url)}
            </a>
          </p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <LiveStatus status={status} />
          {error && <p className="max-w-56 text-right text-xs text-amber-700">{error.message}</p>}
        </div>
      </header>

      {link.paused && (
        <p role="status" data-testid="paused-banner" className="mt-6 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <strong className="font-semibold">This link is paused.</strong> Visitors to /s/{code} get a page saying so instead of
          the redirect, and nothing is counted{owner ? " until you resume it" : ""}.
        </p>
      )}

      {owner && <ManageLink code={code} link={link} onChanged={(next) => setChanged({ link: next, over: data })} onDeleted={() => setGone(true)} />}

      {expired && (
        <p role="alert" data-testid="expired-banner" className="mt-6 rounded-xl border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
          <strong className="font-semibold">This link has expired.</strong> Visitors now get a page saying so (HTTP 410) instead of
          the redirect. Its statistics stay here.
        </p>
      )}

      <div className="mt-6 grid grid-cols-1 gap-5 lg:grid-cols-3">
        <Card className="flex flex-col justify-between gap-6">
          <ClickCounter clicks={stats.clicks} botHits={stats.botHits} />
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 border-t border-slate-100 pt-4 text-sm">
            <dt className="text-slate-500">Created</dt>
            <dd className="text-slate-700">
              <LocalDateTime iso={link.createdAt} testId="created-at" />
            </dd>
            <dt className="text-slate-500">Expiry</dt>
            <dd>
              <ExpiryNote expiresAt={link.expiresAt} expired={expired} />
            </dd>
          </dl>
        </Card>
        <Card className="lg:col-span-2">
          <MinuteChart stats={stats} />
        </Card>

        <Card testId="share">
          <h2 className="font-semibold text-slate-900">Share</h2>
          <div className="mt-3 flex items-center gap-2">
            <a
              href={shortUrl}
              data-testid="short-url"
              className="min-w-0 flex-1 truncate rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800 ring-1 ring-slate-200 ring-inset hover:text-indigo-700"
            >
              {displayUrl(shortUrl)}
            </a>
            <CopyButton text={shortUrl} />
          </div>
          <div className="mt-5 flex justify-center">{qr}</div>
          <p className="mt-2 text-center text-xs text-slate-500">Scans of this code are counted as QR scans.</p>
        </Card>
        <Card className="lg:col-span-2" testId="range-analytics">
          <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
            <h2 className="font-semibold text-slate-900">Time range</h2>
            <RangePicker range={range} onChange={(next) => show({ range: next, filters })} />
          </div>
          <div aria-busy={pending} className={pending ? "opacity-60 transition-opacity" : "transition-opacity"}>
            <RangeSummary view={view} exportUrl={`/api/links/${encodeURIComponent(code)}/export?${analyticsSearch(query)}`} />
          </div>
        </Card>
      </div>

      <FilterBar filters={filters} onRemove={remove} onClear={() => show({ range, filters: {} })} />

      <div
        className={`mt-5 grid grid-cols-1 items-start gap-5 lg:grid-cols-3 ${pending ? "opacity-60" : ""}`}
        aria-busy={pending}
        data-testid="range-panels"
      >
        <div className="lg:col-span-2">
          <Breakdowns view={view} onToggle={toggle} />
        </div>
        <RecentClicks clicks={view.recent} />
      </div>
    </div>
  );
}
