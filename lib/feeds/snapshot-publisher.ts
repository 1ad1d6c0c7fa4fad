// How a live chat feed sends what its in-memory book holds: the book's snapshot, throttled,
// and only when it differs from the last one sent (a refresh that changes nothing anyone
// sees sends nothing). Marks lapse by time with no write to report it, so a timer also wakes
// at the book's next expiry, in case Redis's notification of it is late or lost.

import { throttle } from "./throttle";

/** An in-memory view whose marks lapse by time. */
export interface ExpiringBook<Snapshot> {
  prune(now: number): void;
  snapshot(): Snapshot;
  nextExpiry(): number | null;
}

export interface SnapshotPublisherOptions<Snapshot> {
  emit: (snapshot: Snapshot) => void;
  /** The least time between two publishes; a function may vary it from one to the next. */
  interval: number | (() => number);
  now: () => number;
  /** Stops the throttle for good. */
  signal: AbortSignal;
}

export interface SnapshotPublisher {
  /** Asks for a publish: at once, or at the end of the current interval. */
  schedule(): void;
  /** Clears the expiry timer, for when the feed ends. */
  dispose(): void;
}

export function publishSnapshots<Snapshot>(
  book: ExpiringBook<Snapshot>,
  { emit, interval, now, signal }: SnapshotPublisherOptions<Snapshot>,
): SnapshotPublisher {
  let sent = "";
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const publish = (): void => {
    book.prune(now());
    const snapshot = book.snapshot();
    const text = JSON.stringify(snapshot);
    if (text !== sent) {
      sent = text;
      emit(snapshot);
    }
    clearTimeout(expiryTimer);
    const next = book.nextExpiry();
    // A little past the expiry, so that prune() finds the mark gone.
    if (next !== null) expiryTimer = setTimeout(schedule, Math.max(0, next - now()) + 10);
  };
  const schedule = throttle(publish, interval, signal);
  return { schedule, dispose: () => clearTimeout(expiryTimer) };
}
