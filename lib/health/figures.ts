// The /api/metrics figures in brief, for /api/health: a person checking on the app should
// not need a Prometheus to see how busy it is. With several server processes on the port,
// the figures of all of them added up (lib/server/cluster-gather.ts), as /api/metrics does.
import { chatMessagesSent, kvCommitTally, linkClicksRecorded, sseConnections } from "@/lib/metrics/sources";
import { answerGather, gatherFromAll } from "@/lib/server/cluster-gather";
import type { HealthFigures } from "./types";

/** One process's share: the commit time as a total, so that shares add up. */
interface Share {
  sseConnections: number;
  clicks: number;
  messages: number;
  commits: number;
  commitMs: number;
}

async function ownShare(): Promise<Share> {
  const commits = kvCommitTally();
  return {
    sseConnections: sseConnections().open,
    clicks: linkClicksRecorded(),
    messages: chatMessagesSent(),
    commits: commits.commits,
    commitMs: commits.totalMs,
  };
}

/** Lets the other server processes' health checks count this one's figures; at start (instrumentation.ts). */
export function installHealthFigures(): void {
  answerGather("health-figures", ownShare);
}

export async function healthFigures(): Promise<HealthFigures> {
  installHealthFigures();
  const shares = await gatherFromAll<Share>("health-figures");
  const sum = (pick: (share: Share) => number): number => shares.reduce((total, share) => total + pick(share), 0);
  const commits = sum((s) => s.commits);
  return {
    processes: shares.length,
    sseConnections: sum((s) => s.sseConnections),
    clicks: sum((s) => s.clicks),
    messages: sum((s) => s.messages),
    commits,
    commitMeanMs: commits === 0 ? null : Math.round((sum((s) => s.commitMs) / commits) * 100) / 100,
  };
}
