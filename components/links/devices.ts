// How device types (bowser's platform types, as lib/links counts them) are named.

const LABELS: Record<string, string> = {
  desktop: "Desktop",
  mobile: "Mobile",
  tablet: "Tablet",
  tv: "TV",
  bot: "Bot",
  unknown: "Unknown",
};

export function deviceLabel(device: string): string {
  return LABELS[device] ?? device;
}
