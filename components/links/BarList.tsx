"use client";
// A ranked breakdown (referrers, countries…): each row's bar is its share of the total, so
// rows compare at a glance. The longest lists fold after a few rows.

import { useState, type ReactNode } from "react";
import type { NamedCount } from "@/lib/links/types";
import { formatCount } from "@/components/ui/numbers";

export interface BarListProps {
  title: string;
  items: readonly NamedCount[];
  /** What the shares are of; defaults to the sum of the items. */
  total?: number;
  renderName?: (name: string) => ReactNode;
  testId?: string;
  /** Makes each name a button (a filter); `selected` is the one chosen. */
  onSelect?: (name: string) => void;
  selected?: string;
}

const FOLDED_ROWS = 6;

export function BarList({ title, items, total, renderName = (name) => name, testId, onSelect, selected }: BarListProps) {
  const [open, setOpen] = useState(false);
  const sum = total ?? items.reduce((acc, item) => acc + item.n, 0);
  const shown = open ? items : items.slice(0, FOLDED_ROWS);
  const headingId = `${testId ?? title}-heading`;

  return (
    <section
      aria-labelledby={headingId}
      data-testid={testId}
      className="flex flex-col rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h3 id={headingId} className="font-semibold text-slate-900">
          {title}
        </h3>
        <span className="text-xs font-medium tracking-wide text-slate-400 uppercase">Clicks</span>
      </div>
      {items.length === 0 ? (
        <p className="mt-4 flex-1 rounded-xl border border-dashed border-slate-200 px-3 py-6 text-center text-sm text-slate-400">
          No clicks yet
        </p>
      ) : (
        <ol className="mt-3 space-y-1.5">
          {shown.map((item) => {
            const share = sum > 0 ? item.n / sum : 0;
            const chosen = selected === item.name;
            return (
              <li
                key={item.name}
                data-name={item.name}
                className={`relative flex items-center justify-between gap-3 overflow-hidden rounded-lg px-2.5 py-1.5 text-sm ${
                  chosen ? "ring-2 ring-indigo-500 ring-inset" : ""
                }`}
              >
                {onSelect && (
                  // The whole row is the button; its name is the row's text.
                  <button
                    type="button"
                    aria-pressed={chosen}
                    onClick={() => onSelect(item.name)}
                    title={chosen ? "Remove this filter" : "Show only these clicks"}
                    className="absolute inset-0 z-10 rounded-lg hover:bg-slate-900/5 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
                  >
                    <span className="sr-only">
                      {chosen ? "Remove filter: " : "Filter by "}
                      {item.name}
                    </span>
                  </button>
                )}
                <span
                  className="absolute inset-y-0 left-0 rounded-lg bg-indigo-50 transition-[width] duration-500"
                  style={{ width: `${Math.max(share * 100, 1.5)}%` }}
                  aria-hidden="true"
                />
                <span className="relative min-w-0 truncate text-slate-700">{renderName(item.name)}</span>
                <span className="relative flex shrink-0 items-baseline gap-2 tabular-nums">
                  <span className="font-medium text-slate-900">{formatCount(item.n)}</span>
                  <span className="w-9 text-right text-xs text-slate-400">{Math.round(share * 100)}%</span>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {items.length > FOLDED_ROWS && (
        <button
          type="button"
          onClick={() => setOpen((value) => !value)}
          aria-expanded={open}
          className="mt-3 self-start rounded-md text-sm font-medium text-indigo-600 hover:text-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
        >
          {open ? "Show fewer" : `Show all ${items.length}`}
        </button>
      )}
    </section>
  );
}
