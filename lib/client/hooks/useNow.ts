"use client";
// The current time for relative labels ("12 s ago", the chart's window), ticking once a
// second while anything shows it. The server snapshot is null: a server render and the
// hydration that follows must agree, and they cannot agree on "now"; callers render a
// time-independent form until the browser takes over.

import { useSyncExternalStore } from "react";

const TICK_MS = 1_000;
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

// Stable between ticks, as useSyncExternalStore requires; a stale value from before the
// first subscription is refreshed by subscribe(), which React checks right after.
function getSnapshot(): number | null {
  if (now === 0) now = Date.now();
  return now;
}
const getServerSnapshot = (): number | null => null;

/** Epoch ms, or null during the server render and hydration. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
