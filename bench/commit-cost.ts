// Redis's cost of a commit, per node: 32 concurrent loops set keys rotating over 1,000 (on
// Cluster spread over every primary) while one watcher per key is open, for a fixed time.
// Each node's CPU seconds and commit scripts are read before and after (readNodeCounters),
// and the notifications the Kv's subscriber received from each node are counted: a node
// should send only its own keys' changes.

import type { Backend, BenchKey } from "./backend";
import { readNodeCounters } from "./redis-node-stats";

const KEYS = 1_000;
const CONCURRENCY = 32;
const DURATION_MS = 1_500;

export interface NodeCost {
  node: string;
  commits: number;
  /** Redis CPU per commit on this node, in µs (its whole process: scripts, replication, notifications). */
  cpuUsPerCommit: number;
  notifications: number;
}

export interface CommitCostResult {
  commitsPerSecond: number;
  nodes: NodeCost[];
}

export async function measureCommitCost(backend: Backend): Promise<CommitCostResult> {
  const nodes = backend.primaries?.();
  if (!nodes) throw new Error(`${backend.label} has no Redis nodes to measure`);
  const keys: BenchKey[] = Array.from({ length: KEYS }, (_, i) => ["bench", "cost", i]);
  for (let i = 0; i < KEYS; i++) await backend.set(keys[i], 0);
  const readers = keys.map((key) => backend.watch([key]).getReader());
  await Promise.all(readers.map((reader) => reader.read()));
  // The first commits warm up scripts and connections.
  for (let i = 0; i < 300; i++) await backend.set(keys[i % KEYS], i);

  const notificationsBefore = backend.notificationsByNode?.() ?? {};
  const before = await Promise.all(nodes.map(readNodeCounters));
  let next = 0;
  const started = performance.now();
  const deadline = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const i = next++;
        await backend.set(keys[i % KEYS], i);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Notifications of the last commits are still on their way.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = await Promise.all(nodes.map(readNodeCounters));
  const notificationsAfter = backend.notificationsByNode?.() ?? {};
  await Promise.all(readers.map((reader) => reader.cancel()));

  return {
    commitsPerSecond: next / seconds,
    nodes: after.map((end, n) => {
      const commits = end.scripts - before[n].scripts;
      return {
        node: end.node,
        commits,
        cpuUsPerCommit: commits === 0 ? Number.NaN : ((end.cpuSeconds - before[n].cpuSeconds) * 1e6) / commits,
        notifications: (notificationsAfter[end.node] ?? 0) - (notificationsBefore[end.node] ?? 0),
      };
    }),
  };
}
