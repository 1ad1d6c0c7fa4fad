"use client";
// The five "who clicked" breakdowns, each a ranked bar list.

import type { LinkStats } from "@/lib/links/types";
import { BarList } from "./BarList";
import { DeviceIcon } from "./DeviceIcon";
import { deviceLabel } from "./devices";
import { countryName, flagEmoji, isCountryCode } from "./places";

function Country({ code }: { code: string }) {
  return (
    <>
      <span aria-hidden="true" className="mr-1.5">
        {flagEmoji(code)}
      </span>
      {countryName(code)}
      {isCountryCode(code) && <span className="ml-1.5 text-xs text-slate-400">{code}</span>}
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

export function Breakdowns({ stats }: { stats: LinkStats }) {
  return (
    <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
      <BarList
        title="Referrers"
        testId="referrers"
        items={stats.referrers}
        total={stats.clicks}
        renderName={(name) => (name === "direct" ? <span className="italic text-slate-500">Direct / none</span> : name)}
      />
      <BarList title="Countries" testId="countries" items={stats.countries} total={stats.clicks} renderName={(code) => <Country code={code} />} />
      <BarList title="Browsers" testId="browsers" items={stats.browsers} total={stats.clicks} />
      <BarList title="Operating systems" testId="os" items={stats.os} total={stats.clicks} />
      <div className="sm:col-span-2">
        <BarList title="Devices" testId="devices" items={stats.devices} total={stats.clicks} renderName={(name) => <Device name={name} />} />
      </div>
    </div>
  );
}
