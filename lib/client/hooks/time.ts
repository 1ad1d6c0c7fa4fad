// Times shown in the visitor's own time zone and language. The server does not know either,
// so nothing time-of-day is rendered until the page has hydrated (useHydrated), and relative
// times ("3 min ago") re-render on a shared clock.

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** False on the server and during hydration, true after. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noop, () => true, () => false);
}

const TICK_MS = 30_000;
let now = Date.now();
const ticking = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribeClock(listener: () => void): () => void {
  ticking.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    ticking.forEach((tick) => tick());
  }, TICK_MS);
  return () => {
    ticking.delete(listener);
    if (ticking.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every 30 s; null on the server and during hydration. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribeClock, () => now, () => null);
}

export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function fullTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "now", "5 min", "3 h", "2 d", then a date. */
export function relativeTime(at: number, current: number): string {
  const seconds = Math.max(0, Math.round((current - at) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return new Date(at).toLocaleDateString(undefined, { month: "short", day: "numeric" });
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
