// What one child process measures, and the JSON it hands back to bench/kv.ts.

import type { CommitCostResult } from "./commit-cost";
import type { MemoryResult } from "./memory";
import type { OpsResult } from "./ops";
import type { WatchResult, WatchScenario } from "./watch-latency";

export type BackendName = "livekv" | "denokv" | "livekv-cluster";
export type TaskName =
  | "throughput"
  | "watch"
  | "memory-one-key"
  | "memory-own-keys"
  | "watch-subscribe"
  | "memory-subscribe"
  | "commit-cost";

/** Tasks only LiveKV can run: its kv.subscribe() callback watch has no @deno/kv twin; Redis CPU per commit. */
export const LIVEKV_ONLY_TASKS: readonly TaskName[] = ["watch-subscribe", "memory-subscribe", "commit-cost"];

/** What LiveKV on Redis Cluster runs, for the rows beside one Redis. */
export const CLUSTER_TASKS: readonly TaskName[] = ["throughput", "watch", "commit-cost"];
export const CLUSTER_WATCH_SCENARIO_IDS: readonly string[] = ["w1k", "w10k"];

/** kv.subscribe() runs the scenarios that matter for server-side fan-out. */
export const SUBSCRIBE_SCENARIO_IDS: readonly string[] = ["w1k", "w10k", "w1k-1k"];

export const IDLE_WATCHERS = 10_000;

export const WATCH_SCENARIOS: readonly WatchScenario[] = [
  { id: "w1", watchers: 1, keys: 1 },
  { id: "w100", watchers: 100, keys: 1 },
  { id: "w1k", watchers: 1_000, keys: 1 },
  { id: "w10k", watchers: 10_000, keys: 1 },
  { id: "w1k-1k", watchers: 1_000, keys: 1_000 },
];

export const CONCURRENCIES = [1, 32] as const;

export interface TaskResult {
  backend: BackendName;
  task: TaskName;
  label: string;
  watchMode: string;
  redisVersion?: string;
  ops?: OpsResult[];
  watch?: WatchResult[];
  memory?: MemoryResult;
  commitCost?: CommitCostResult;
}

/** Marks the result line on a child's stdout, whatever else a library prints there. */
export const RESULT_PREFIX = "@@bench-result ";
