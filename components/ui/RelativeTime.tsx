"use client";

import { useNow } from "@/lib/client/hooks/useNow";
import { fullTime, relativeTime, type RelativeTimeOptions } from "./time";

const TICK_MS = 30_000;

/**
 * "5 min ago", kept current. Until hydrated it shows `placeholder` (blank by default: the
 * server does not know the visitor's clock or zone) and, as its tooltip, `title` — else the
 * full local time once hydrated.
 */
export function RelativeTime({
  at,
  className = "",
  placeholder = "\u00a0",
  title,
  ...options
}: { at: number | string; className?: string; placeholder?: string; title?: string } & RelativeTimeOptions) {
  const now = useNow(TICK_MS);
  const time = typeof at === "string" ? Date.parse(at) : at;
  return (
    <time
      dateTime={typeof at === "string" ? at : new Date(at).toISOString()}
      title={title ?? (now === null ? undefined : fullTime(time))}
      className={className}
    >
      {now === null ? placeholder : relativeTime(time, now, options)}
    </time>
  );
}
