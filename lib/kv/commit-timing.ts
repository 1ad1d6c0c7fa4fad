// Commit latency for monitoring (/api/metrics, /api/health) without a metrics library in
// lib/kv: listeners get every commit's duration, and a running tally answers "how many, how
// fast on average" for those who keep no histogram. Process-wide: every commit of every Kv
// reports to the same listeners.

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

const processTiming: CommitTiming = { listeners: new Set(), tally: { commits: 0, checkFailures: 0, totalMs: 0 } };

function timing(): CommitTiming {
  return processTiming;
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
