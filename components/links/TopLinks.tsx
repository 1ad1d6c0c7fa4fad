"use client";
// The visitor's own links ranked by clicks, live (the same shared counts stream as the list).

import Link from "next/link";
import { formatCount } from "@/components/ui/numbers";
import { useLinkCounts } from "@/lib/client/hooks/useLinkCounts";
import type { VisitorLinkView } from "@/lib/client/links/types";

const SHOWN = 5;

export function TopLinks({ links }: { links: readonly VisitorLinkView[] }) {
  const { counts } = useLinkCounts(links.map((link) => link.code));
  const ranked = links
    .map((link) => ({ code: link.code, clicks: counts?.[link.code] ?? link.clicks }))
    .filter((link) => link.clicks > 0)
    .sort((a, b) => b.clicks - a.clicks || (a.code < b.code ? -1 : 1))
    .slice(0, SHOWN);
  if (ranked.length === 0) return null;
  const top = ranked[0].clicks;
  return (
    <section aria-labelledby="top-links-heading" className="mb-6 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="top-links">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="top-links-heading" className="font-semibold text-slate-900">
          Your top links
        </h2>
        <span className="text-xs font-medium tracking-wide text-slate-500 uppercase">Clicks</span>
      </div>
      <ol className="mt-3 space-y-1.5">
        {ranked.map((link) => (
          <li key={link.code} data-code={link.code} className="relative flex items-center justify-between gap-3 overflow-hidden rounded-lg px-2.5 py-1.5 text-sm">
            <span className="absolute inset-y-0 left-0 rounded-lg bg-indigo-50 transition-[width] duration-500" style={{ width: `${Math.max((link.clicks / top) * 100, 1.5)}%` }} aria-hidden="true" />
            <Link href={`/links/${link.code}`} className="relative font-mono font-medium text-slate-800 hover:text-indigo-700">
              /s/{link.code}
            </Link>
            <span className="relative font-medium text-slate-900 tabular-nums">{formatCount(link.clicks)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
