"use client";

import { useEffect, useState } from "react";
import { formatDate, relativeTime } from "./format";

/** The date as the server renders it, then "5 min ago" in the browser, kept fresh. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the server's date first, as hydration requires
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()} className={className}>
      {now === null ? formatDate(iso) : relativeTime(iso, now)}
    </time>
  );
}
