"use client";
// The visitor's links, each with its click count kept live over one shared stream.

import Link from "next/link";
import { LiveStatus } from "@/components/live/LiveStatus";
import { useLinkCounts } from "@/lib/client/hooks/useLinkCounts";
import { CopyButton } from "./CopyButton";
import { isExpiredAt } from "./ExpiryNote";
import { formatCount } from "@/components/ui/numbers";
import { formatSpan } from "@/components/ui/time";
import { displayUrl } from "./format";
import type { VisitorLinkView } from "@/lib/client/links/types";
import { useNow } from "@/lib/client/hooks/useNow";

function ExpiryBadge({ link, now }: { link: VisitorLinkView; now: number | null }) {
  if (link.expiresAt === null) return null;
  const expired = link.expired || (now !== null && isExpiredAt(link.expiresAt, now));
  if (expired) {
    return <span className="rounded-full bg-rose-50 px-2 py-0.5 text-xs font-medium text-rose-700 ring-1 ring-rose-200 ring-inset">Expired</span>;
  }
  return (
    <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200 ring-inset">
      {now === null ? "Expires" : `Expires in ${formatSpan(Date.parse(link.expiresAt) - now)}`}
    </span>
  );
}

function PausedBadge({ link }: { link: VisitorLinkView }) {
  if (!link.paused) return null;
  return (
    <span data-testid="paused-badge" className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 ring-inset">
      Paused
    </span>
  );
}

export function MyLinks({ links }: { links: readonly VisitorLinkView[] }) {
  const codes = links.map((link) => link.code);
  const { counts, status } = useLinkCounts(codes);
  const now = useNow();

  return (
    <section aria-labelledby="my-links-heading">
      <div className="flex items-center justify-between gap-3">
        <h2 id="my-links-heading" className="text-lg font-semibold text-slate-900">
          Your links {links.length > 0 && <span className="font-normal text-slate-400">({links.length})</span>}
        </h2>
        {links.length > 0 && <LiveStatus status={status} />}
      </div>

      {links.length === 0 ? (
        <p className="mt-4 rounded-2xl border border-dashed border-slate-300 px-6 py-12 text-center text-sm leading-6 text-slate-500">
          No links yet. The links you create appear here with their clicks, live.
          <br />
          This browser remembers them; there is no account.
        </p>
      ) : (
        <ul className="mt-4 space-y-3" data-testid="my-links">
          {links.map((link) => {
            const clicks = counts?.[link.code] ?? link.clicks;
            return (
              <li
                key={link.code}
                data-testid="my-link"
                data-code={link.code}
                className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[minmax(0,1fr)_auto_auto]"
              >
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/links/${link.code}`} className="font-mono font-semibold text-slate-900 hover:text-indigo-700">
                      /s/{link.code}
                    </Link>
                    <PausedBadge link={link} />
                    <ExpiryBadge link={link} now={now} />
                  </div>
                  <p className="mt-0.5 truncate text-sm text-slate-500" title={link.url}>
                    → {displayUrl(link.url)}
                  </p>
                </div>
                <p className="text-right">
                  <span data-testid="link-clicks" className="block text-2xl leading-none font-bold text-slate-900 tabular-nums">
                    {formatCount(clicks)}
                  </span>
                  <span className="text-xs text-slate-500">{clicks === 1 ? "click" : "clicks"}</span>
                </p>
                <div className="col-span-2 flex items-center gap-2 sm:col-span-1">
                  <CopyButton text={link.shortUrl} className="flex-1 sm:flex-none" />
                  <Link
                    href={`/links/${link.code}`}
                    className="inline-flex flex-1 items-center justify-center rounded-lg bg-indigo-50 px-3 py-2 text-sm font-medium text-indigo-700 transition hover:bg-indigo-100 sm:flex-none"
                  >
                    Analytics →
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
