"use client";
// The current time for relative labels ("12 s ago", "5 min ago", a chart's window), one shared
// clock per tick length, ticking only while anything shows it. The server snapshot is null: a
// server render and the hydration that follows must agree, and they cannot agree on "now";
// callers render a time-independent form until the browser takes over.

import { useSyncExternalStore } from "react";

interface Clock {
  now: number;
  timer: ReturnType<typeof setInterval> | undefined;
  listeners: Set<() => void>;
}

const clocks = new Map<number, Clock>();

function clockOf(tickMs: number): Clock {
  let clock = clocks.get(tickMs);
  if (clock === undefined) {
    clock = { now: 0, timer: undefined, listeners: new Set() };
    clocks.set(tickMs, clock);
  }
  return clock;
}

function subscribeTo(tickMs: number, listener: () => void): () => void {
  const clock = clockOf(tickMs);
  clock.listeners.add(listener);
  if (clock.timer === undefined) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const tick of [...clock.listeners]) tick();
    }, tickMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

// Stable between ticks, as useSyncExternalStore requires; a stale value from before the
// first subscription is refreshed by subscribe, which React checks right after.
function snapshotOf(tickMs: number): number {
  const clock = clockOf(tickMs);
  if (clock.now === 0) clock.now = Date.now();
  return clock.now;
}

const subscribers = new Map<number, (listener: () => void) => () => void>();
const getServerSnapshot = (): number | null => null;

/** Epoch ms, refreshed every `tickMs`; null during the server render and hydration. */
export function useNow(tickMs = 1_000): number | null {
  let subscribe = subscribers.get(tickMs);
  if (subscribe === undefined) {
    subscribe = (listener) => subscribeTo(tickMs, listener);
    subscribers.set(tickMs, subscribe);
  }
  return useSyncExternalStore(subscribe, () => snapshotOf(tickMs), getServerSnapshot);
}

const noop = () => () => {};

/** False on the server and during hydration, true after. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noop, () => true, () => false);
}
