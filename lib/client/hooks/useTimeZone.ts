// The browser's IANA time zone ("Europe/Paris"). The server renders in UTC, knowing no better;
// the browser's zone takes over right after hydration, without a mismatch.

import { useSyncExternalStore } from "react";

const subscribe = (): (() => void) => () => {};
const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function useTimeZone(): string {
  return useSyncExternalStore(subscribe, browserZone, () => "UTC");
}
