// The /api/metrics figures in brief, for /api/health: a person checking on the app should
// not need a Prometheus to see how busy it is.
import { chatMessagesSent, kvCommitTally, linkClicksRecorded, sseConnections } from "@/lib/metrics/sources";
import type { HealthFigures } from "./types";

export function healthFigures(): HealthFigures {
  const commits = kvCommitTally();
  return {
    sseConnections: sseConnections().open,
    clicks: linkClicksRecorded(),
    messages: chatMessagesSent(),
    commits: commits.commits,
    commitMeanMs: commits.commits === 0 ? null : Math.round((commits.totalMs / commits.commits) * 100) / 100,
  };
}
