// How filters and their values read in the UI.

import type { FilterDimension } from "@/lib/links/types";
import { deviceLabel } from "./devices";
import { countryName } from "./places";

const LABELS: Readonly<Record<FilterDimension, string>> = {
  referrer: "Referrer",
  country: "Country",
  browser: "Browser",
  os: "OS",
  device: "Device",
  trigger: "Source",
  utmSource: "UTM source",
  utmMedium: "UTM medium",
  utmCampaign: "UTM campaign",
};

export function filterLabel(dimension: FilterDimension): string {
  return LABELS[dimension];
}

export function triggerLabel(name: string): string {
  return name === "qr" ? "QR scans" : "Link clicks";
}

export function filterValueLabel(dimension: FilterDimension, value: string): string {
  switch (dimension) {
    case "country":
      return countryName(value);
    case "device":
      return deviceLabel(value);
    case "trigger":
      return triggerLabel(value);
    case "referrer":
      return value === "direct" ? "Direct / none" : value;
    default:
      return value;
  }
}
