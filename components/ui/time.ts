// Times as the pages show them. The one relative-time helper ("just now", "5 min ago") for
// every page, and the clock and day labels of the chat, which are in the visitor's own zone
// and language (so rendered only once hydrated: the server knows neither).

import { plural } from "@/components/ui/numbers";

/** A span of time in the largest unit that fits: "45 s", "3 min", "5 h", "2 days". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return plural(Math.floor(h / 24), "day");
}

export interface RelativeTimeOptions {
  /** Younger than this is "just now" (default one minute). */
  justNowMs?: number;
  /** "12 s ago", "26 h ago" (formatSpan's units, for what changes by the second) rather than
   * "5 min ago", "3 h ago", "2 d ago" and then the date. */
  precise?: boolean;
  /** How a time older than a week is shown (default: "Nov 22" in the visitor's zone). */
  date?: (at: number) => string;
}

const localDate = (at: number): string => new Date(at).toLocaleDateString(undefined, { month: "short", day: "numeric" });

/** How long before `now` (epoch ms) the time `at` (epoch ms or ISO) was, in words. */
export function relativeTime(at: number | string, now: number, options: RelativeTimeOptions = {}): string {
  const time = typeof at === "string" ? Date.parse(at) : at;
  const ms = now - time;
  const justNowMs = options.justNowMs ?? 60_000;
  if (options.precise) return ms < justNowMs ? "just now" : `${formatSpan(ms)} ago`;
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds * 1000 < justNowMs) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return (options.date ?? localDate)(time);
}

export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function fullTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Whether two times fall on different calendar days here (for day separators). */
export function differentDay(a: number, b: number): boolean {
  return new Date(a).toDateString() !== new Date(b).toDateString();
}

export function dayLabel(at: number, current: number): string {
  const day = new Date(at).toDateString();
  if (day === new Date(current).toDateString()) return "Today";
  if (day === new Date(current - 86_400_000).toDateString()) return "Yesterday";
  return new Date(at).toLocaleDateString(undefined, { weekday: "long", month: "long", day: "numeric" });
}
