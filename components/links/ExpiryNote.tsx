"use client";
// When the link stops working. Ticks on its own: a link can expire while its page is open,
// and no click (so no live event) need happen for the page to say so.

import { useEffect, useState } from "react";
import { formatSpan } from "@/components/ui/time";
import { formatDateTime } from "./format";
import { LocalDateTime } from "./LocalDateTime";
import { useTimeZone } from "@/lib/client/hooks/useTimeZone";
import { useNow } from "@/lib/client/hooks/useNow";

export function isExpiredAt(expiresAt: string | null, now: number): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= now;
}

// setTimeout's longest delay (about 24.8 days); a longer wait is re-armed when it fires.
const MAX_DELAY_MS = 2 ** 31 - 1;

/** The page's view of expiry: the server's word, then a timer for the moment itself (not a
 * ticking clock: the whole analytics page depends on this, and would re-render every tick). */
export function useExpired(expiresAt: string | null, expiredOnServer: boolean): boolean {
  const [passed, setPassed] = useState(false);
  useEffect(() => {
    if (expiresAt === null || expiredOnServer) return;
    let timer: ReturnType<typeof setTimeout>;
    const arm = (): void => {
      const left = Date.parse(expiresAt) - Date.now();
      timer = setTimeout(() => (left > MAX_DELAY_MS ? arm() : setPassed(true)), Math.max(0, Math.min(left, MAX_DELAY_MS)));
    };
    arm();
    return () => clearTimeout(timer);
  }, [expiresAt, expiredOnServer]);
  return expiredOnServer || passed;
}

export function ExpiryNote({ expiresAt, expired }: { expiresAt: string | null; expired: boolean }) {
  const now = useNow();
  const timeZone = useTimeZone();
  if (expiresAt === null) {
    return <span className="text-slate-500">Never expires</span>;
  }
  if (expired) {
    return (
      <span className="font-medium text-rose-700" data-testid="expiry" data-expired="true">
        Expired <LocalDateTime iso={expiresAt} />
      </span>
    );
  }
  const left = now === null ? null : Date.parse(expiresAt) - now;
  return (
    <span className="text-slate-500" data-testid="expiry" data-expired="false" title={formatDateTime(expiresAt, timeZone)}>
      {left === null ? `Expires ${formatDateTime(expiresAt, timeZone)}` : `Expires in ${formatSpan(left)}`}
    </span>
  );
}
