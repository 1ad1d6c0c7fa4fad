// Ready-made reducers for the two kinds of stream useLiveStream folds.

import type { StreamEvent } from "@/lib/client/stream/subscribe";

/** State stream: every event of `type` carries the whole state; keep the newest. */
export function replaceWith<T>(type: string): (current: T | undefined, event: StreamEvent) => T | undefined {
  return (current, event) => (event.type === type ? (event.data as T) : current);
}

/**
 * Log stream: append each item of `type` once, by id, keeping at most `limit` (the
 * newest). Replays and resumes can repeat items; they are recognised and skipped.
 */
export function appendById<T>(
  type: string,
  idOf: (item: T) => string,
  limit = 500,
): (current: T[] | undefined, event: StreamEvent) => T[] {
  return (current = [], event) => {
    if (event.type !== type) return current;
    const item = event.data as T;
    const id = idOf(item);
    if (current.some((existing) => idOf(existing) === id)) return current;
    const next = [...current, item];
    return next.length > limit ? next.slice(next.length - limit) : next;
  };
}
