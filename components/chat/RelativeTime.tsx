"use client";

import { fullTime, relativeTime, useNow } from "@/lib/client/hooks/time";

/** "5 min ago", kept current; blank until hydrated (the server does not know the clock's zone). */
export function RelativeTime({ at, className = "" }: { at: number; className?: string }) {
  const now = useNow();
  return (
    <time dateTime={new Date(at).toISOString()} title={now === null ? undefined : fullTime(at)} className={className}>
      {now === null ? "\u00a0" : relativeTime(at, now)}
    </time>
  );
}
