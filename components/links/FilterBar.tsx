"use client";
// The filters in force, each removable. Clicking a name in a breakdown adds one; every other
// panel then shows only the clicks that match.

import type { FilterDimension, Filters } from "@/lib/links/types";
import { filterLabel, filterValueLabel } from "./filter-labels";

export function FilterBar({ filters, onRemove, onClear }: { filters: Filters; onRemove: (dimension: FilterDimension) => void; onClear: () => void }) {
  const active = (Object.entries(filters) as [FilterDimension, string][]).filter(([, value]) => value !== undefined);
  if (active.length === 0) return null;
  return (
    <div className="mt-5 flex flex-wrap items-center gap-2" data-testid="filter-bar">
      <span className="text-sm font-medium text-slate-600">Filtered by</span>
      {active.map(([dimension, value]) => (
        <button
          key={dimension}
          type="button"
          onClick={() => onRemove(dimension)}
          data-testid="active-filter"
          data-dimension={dimension}
          data-value={value}
          aria-label={`Remove filter ${filterLabel(dimension)}: ${filterValueLabel(dimension, value)}`}
          className="inline-flex items-center gap-1.5 rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-800 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-100 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
        >
          <span className="text-indigo-600">{filterLabel(dimension)}:</span> {filterValueLabel(dimension, value)}
          <span aria-hidden="true" className="text-indigo-500">
            ×
          </span>
        </button>
      ))}
      <button type="button" onClick={onClear} className="text-sm font-medium text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline">
        Clear all
      </button>
    </div>
  );
}
