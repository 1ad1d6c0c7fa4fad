"use client";
// The "who clicked" breakdowns of the chosen range, each a ranked bar list. A name is a
// button: choosing it filters every other panel by it (choosing it again removes the filter).

import type { AnalyticsView, FilterDimension } from "@/lib/links/types";
import { BarList } from "./BarList";
import { DeviceIcon } from "./DeviceIcon";
import { deviceLabel } from "./devices";
import { triggerLabel } from "./filter-labels";
import { countryName, flagEmoji, isCountryCode } from "./places";

function Country({ code }: { code: string }) {
  return (
    <>
      <span aria-hidden="true" className="mr-1.5">
        {flagEmoji(code)}
      </span>
      {countryName(code)}
      {isCountryCode(code) && <span className="ml-1.5 text-xs text-slate-500">{code}</span>}
    </>
  );
}

function Device({ name }: { name: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <DeviceIcon device={name} className="h-4 w-4 text-slate-500" />
      {deviceLabel(name)}
    </span>
  );
}

const untagged = (name: string) => (name === "(none)" ? <span className="text-slate-500 italic">No tag</span> : name);

export interface BreakdownsProps {
  view: AnalyticsView;
  onToggle: (dimension: FilterDimension, name: string) => void;
}

export function Breakdowns({ view, onToggle }: BreakdownsProps) {
  const panel = (dimension: FilterDimension) => ({
    items: view.breakdowns[dimension],
    selected: view.filters[dimension],
    onSelect: (name: string) => onToggle(dimension, name),
  });
  return (
    <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
      <BarList
        title="Referrers"
        testId="referrers"
        {...panel("referrer")}
        renderName={(name) => (name === "direct" ? <span className="text-slate-500 italic">Direct / none</span> : name)}
      />
      <BarList title="Countries" testId="countries" {...panel("country")} renderName={(code) => <Country code={code} />} />
      <BarList title="Browsers" testId="browsers" {...panel("browser")} />
      <BarList title="Operating systems" testId="os" {...panel("os")} />
      <BarList title="Devices" testId="devices" {...panel("device")} renderName={(name) => <Device name={name} />} />
      <BarList title="Link clicks and QR scans" testId="triggers" {...panel("trigger")} renderName={triggerLabel} />
      <BarList title="UTM source" testId="utm-source" {...panel("utmSource")} renderName={untagged} />
      <BarList title="UTM medium" testId="utm-medium" {...panel("utmMedium")} renderName={untagged} />
      <div className="sm:col-span-2">
        <BarList title="UTM campaign" testId="utm-campaign" {...panel("utmCampaign")} renderName={untagged} />
      </div>
    </div>
  );
}
