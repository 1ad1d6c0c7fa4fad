// Country codes as people read them: a flag and an English name. Both come from the
// ISO 3166 code alone (regional-indicator emoji, Intl.DisplayNames), so no table ships.

const REGION_NAMES = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
// Regional indicator symbol letter A (U+1F1E6) minus "A".
const INDICATOR_OFFSET = 0x1f1e6 - 65;

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code);
}

/** 🇩🇪 for "DE"; a globe for "unknown" or anything that isn't a country code. */
export function flagEmoji(code: string): string {
  if (!isCountryCode(code)) return "🌐";
  return String.fromCodePoint(...[...code].map((c) => c.charCodeAt(0) + INDICATOR_OFFSET));
}

export function countryName(code: string): string {
  if (!isCountryCode(code)) return "Unknown";
  try {
    return REGION_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}
