// Commit latency for monitoring (/api/metrics, /api/health) without a metrics library in
// lib/kv: listeners get every commit's duration, and a running tally answers "how many, how
// fast on average" for those who keep no histogram. Process-wide and kept on globalThis:
// Next may evaluate lib/kv once per route bundle (and once more for instrumentation.ts), and
// every copy must report to the same listeners.

/** "check_failed": the commit ran but a check() did not hold, so nothing was written. */
export type KvCommitOutcome = "committed" | "check_failed";
export type KvCommitListener = (ms: number, outcome: KvCommitOutcome) => void;

export interface KvCommitTally {
  /** Commits that ran (either outcome) since the process started. */
  commits: number;
  checkFailures: number;
  /** Sum of their durations, ms: the mean is totalMs / commits. */
  totalMs: number;
}

interface CommitTiming {
  listeners: Set<KvCommitListener>;
  tally: KvCommitTally;
}

const shared = globalThis as typeof globalThis & { __livekvCommitTiming?: CommitTiming };

function timing(): CommitTiming {
  shared.__livekvCommitTiming ??= { listeners: new Set(), tally: { commits: 0, checkFailures: 0, totalMs: 0 } };
  return shared.__livekvCommitTiming;
}

/** Calls `listener` after every commit of every Kv in this process; returns the unsubscribe. */
export function onKvCommit(listener: KvCommitListener): () => void {
  const { listeners } = timing();
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function kvCommitTally(): KvCommitTally {
  return { ...timing().tally };
}

export function reportCommit(ms: number, outcome: KvCommitOutcome): void {
  const { listeners, tally } = timing();
  tally.commits++;
  if (outcome === "check_failed") tally.checkFailures++;
  tally.totalMs += ms;
  for (const listener of listeners) {
    try {
      listener(ms, outcome);
    } catch {
      // Monitoring must never fail a write that succeeded.
    }
  }
}
