"use client";
// When the link stops working. Ticks on its own: a link can expire while its page is open,
// and no click (so no live event) need happen for the page to say so.

import { formatDateTime, formatSpan } from "./format";
import { useNow } from "./useNow";

export function isExpiredAt(expiresAt: string | null, now: number): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= now;
}

/** The page's view of expiry: the server's word until the browser has a clock. */
export function useExpired(expiresAt: string | null, expiredOnServer: boolean): boolean {
  const now = useNow();
  return now === null ? expiredOnServer : expiredOnServer || isExpiredAt(expiresAt, now);
}

export function ExpiryNote({ expiresAt, expired }: { expiresAt: string | null; expired: boolean }) {
  const now = useNow();
  if (expiresAt === null) {
    return <span className="text-slate-500">Never expires</span>;
  }
  if (expired) {
    return (
      <span className="font-medium text-rose-700" data-testid="expiry" data-expired="true">
        Expired {formatDateTime(expiresAt)}
      </span>
    );
  }
  const left = now === null ? null : Date.parse(expiresAt) - now;
  return (
    <span className="text-slate-500" data-testid="expiry" data-expired="false" title={formatDateTime(expiresAt)}>
      {left === null ? `Expires ${formatDateTime(expiresAt)}` : `Expires in ${formatSpan(left)}`}
    </span>
  );
}
