// Child process entry: `node --expose-gc --import tsx bench/run-task.ts <backend> <task>`.
// Each task runs in a fresh process so that one store's threads, garbage and freed pages
// cannot skew another's numbers, and so a store that does not wind down cleanly (@deno/kv's
// watches) cannot hang the run: the child ends with process.exit.

import type { Backend } from "./backend";
import { openDenoKv } from "./backend-denokv";
import { openLiveKv } from "./backend-livekv";
import { openLiveKvCluster } from "./backend-livekv-cluster";
import { measureCommitCost } from "./commit-cost";
import { measureIdleWatchers } from "./memory";
import { measureOps } from "./ops";
import {
  CLUSTER_WATCH_SCENARIO_IDS,
  CONCURRENCIES,
  IDLE_WATCHERS,
  RESULT_PREFIX,
  SUBSCRIBE_SCENARIO_IDS,
  WATCH_SCENARIOS,
  type BackendName,
  type TaskName,
  type TaskResult,
} from "./tasks";
import { measureWatch } from "./watch-latency";

const BACKENDS: readonly BackendName[] = ["livekv", "denokv", "livekv-cluster"];
const TASKS: readonly TaskName[] = ["throughput", "watch", "memory-one-key", "memory-own-keys", "watch-subscribe", "memory-subscribe", "commit-cost"];

function isOneOf<T extends string>(value: string | undefined, options: readonly T[]): value is T {
  return options.some((option) => option === value);
}

async function run(backendName: BackendName, task: TaskName): Promise<TaskResult> {
  let redisVersion: string | undefined;
  let backend: Backend;
  if (backendName === "livekv") {
    const live = await openLiveKv();
    redisVersion = live.redisVersion;
    backend = live;
  } else if (backendName === "livekv-cluster") {
    backend = await openLiveKvCluster();
  } else {
    backend = await openDenoKv();
  }
  const result: TaskResult = { backend: backendName, task, label: backend.label, watchMode: backend.watchMode, redisVersion };
  try {
    if (task === "throughput") result.ops = await measureOps(backend, CONCURRENCIES);
    if (task === "watch") {
      result.watch = [];
      const scenarios = backendName === "livekv-cluster" ? WATCH_SCENARIOS.filter((s) => CLUSTER_WATCH_SCENARIO_IDS.includes(s.id)) : WATCH_SCENARIOS;
      for (const scenario of scenarios) {
        process.stderr.write(`  ${backend.label}: ${scenario.watchers} watchers on ${scenario.keys} key(s)\n`);
        result.watch.push(await measureWatch(backend, scenario));
      }
    }
    if (task === "watch-subscribe") {
      result.watch = [];
      for (const scenario of WATCH_SCENARIOS.filter((s) => SUBSCRIBE_SCENARIO_IDS.includes(s.id))) {
        process.stderr.write(`  ${backend.label}: ${scenario.watchers} subscribers on ${scenario.keys} key(s)\n`);
        result.watch.push(await measureWatch(backend, scenario, "callback"));
      }
    }
    if (task === "commit-cost") result.commitCost = await measureCommitCost(backend);
    if (task === "memory-subscribe") result.memory = await measureIdleWatchers(backend, IDLE_WATCHERS, 1, "callback");
    if (task === "memory-one-key") result.memory = await measureIdleWatchers(backend, IDLE_WATCHERS, 1);
    if (task === "memory-own-keys") result.memory = await measureIdleWatchers(backend, IDLE_WATCHERS, IDLE_WATCHERS);
  } finally {
    await backend.close();
  }
  return result;
}

const [backendArg, taskArg] = process.argv.slice(2);
if (!isOneOf(backendArg, BACKENDS) || !isOneOf(taskArg, TASKS)) {
  process.stderr.write(`usage: run-task.ts <${BACKENDS.join("|")}> <${TASKS.join("|")}>\n`);
  process.exit(2);
}
try {
  const result = await run(backendArg, taskArg);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`${backendArg} ${taskArg} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
