// `npm run bench:kv`: LiveKV on Redis against @deno/kv on SQLite, one table from one run.
// This process only orchestrates: every measurement runs in a fresh child (bench/run-task.ts)
// and this one prints the table and writes it to bench/results/kv.md.

import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeMachine, machineLine } from "./machine";
import { OPS_DURATION_MS } from "./ops";
import { runChild } from "./run-child";
import { renderTable, type Results } from "./table";
import { projectedCeiling, renderClusterTable } from "./cluster-table";
import { CLUSTER_TASKS, IDLE_WATCHERS, LIVEKV_ONLY_TASKS, type BackendName, type TaskName, type TaskResult } from "./tasks";
import { WATCH_ROUNDS } from "./watch-latency";

const int = (v: number): string => Math.round(v).toLocaleString("en-US");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();
// The machine may be shared (other builds and tests): its load says how much to trust the run.
const loadAtStart = loadavg()[0];
const machine = describeMachine(root);
console.log(`Machine: ${machineLine(machine)}\n`);

const TASKS: readonly TaskName[] = ["throughput", "watch", "memory-one-key", "memory-own-keys", "watch-subscribe", "memory-subscribe", "commit-cost"];
const results: Results = { live: {}, deno: {} };
const cluster: Results["live"] = {};
const failures: string[] = [];
for (const task of TASKS) {
  for (const backend of ["livekv", "denokv"] as const satisfies readonly BackendName[]) {
    if (backend === "denokv" && LIVEKV_ONLY_TASKS.includes(task)) continue;
    process.stderr.write(`running ${backend} ${task}…\n`);
    try {
      const result: TaskResult = await runChild(root, backend, task);
      results[backend === "livekv" ? "live" : "deno"][task] = result;
    } catch (error) {
      // One failed task leaves dashes in its cells; the rest of the table is still worth having.
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
}

for (const task of CLUSTER_TASKS) {
  process.stderr.write(`running livekv-cluster ${task}…\n`);
  try {
    cluster[task] = await runChild(root, "livekv-cluster", task);
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }
}

const live = results.live.throughput ?? results.live.watch;
const deno = results.deno.throughput ?? results.deno.watch;
const missed = [...(results.live.watch?.watch ?? []), ...(results.deno.watch?.watch ?? [])].filter((w) => w.missed > 0);
const table = renderTable(results, live?.label ?? "LiveKV (Redis)", deno?.label ?? "@deno/kv (SQLite)");
const notes = [
  `- ops/s: each figure is ${OPS_DURATION_MS / 1000} s of loops that each await one operation at a time, after 300 warm-up ops; "sequential" is one loop, "32 concurrent" is 32. set/get rotate over 1,000 existing keys; atomic sum is \`atomic().sum(key, 1n).commit()\` on one counter key. Ratio above 1: LiveKV is faster.`,
  `- watch latency: per scenario, ${WATCH_ROUNDS} measured rounds after 1 discarded warm-up round. A round is one atomic commit that sets every key of the scenario (for 1,000 keys: one commit with 1,000 set mutations, Deno's maximum), then waits until every watcher has it. Latency runs from just before commit() to the moment a watcher's reader receives the snapshot with that commit's versionstamp: one sample per watcher per round, nearest-rank percentiles. Ratio below 1: LiveKV is faster.${
    missed.length === 0 ? " Every emission arrived." : ` Emissions missing after 10 s: ${missed.map((w) => `${w.scenario.id} ${w.missed}`).join(", ")}.`
  }`,
  `- Redis reads per change: \`watchStats().reads\` delta over the measured rounds / (rounds × keys changed per round).`,
  `- memory per idle watcher: \`global.gc()\` (node --expose-gc), then heap and RSS before and after opening ${IDLE_WATCHERS.toLocaleString("en-US")} watches that have delivered their first emission and wait, ÷ ${IDLE_WATCHERS.toLocaleString("en-US")}; each memory task runs in a fresh process. Per watcher this includes the stream, its reader, one pending read() and the reading loop, as an app would hold. Redis memory: \`used_memory\` delta of the redis-server. @deno/kv keeps watch state in native (Rust) memory too, which only RSS shows.`,
  `- Both stores run under tsx, whose esbuild transform forces keepNames: every function expression gets an own \`name\` property (a few hundred bytes of dictionary-mode properties), so a closure made per watcher costs more than in a build without keepNames, as Next compiles lib/kv. @deno/kv ships prebuilt JS that tsx leaves alone, so this weighs on LiveKV only.`,
  `- @deno/kv: ${deno?.watchMode ?? "watch(keys, { raw: true })"} — cancelling its default watch in 0.14 can raise an unhandled "watch not found" rejection that kills Node; with every commit changing the watched keys, raw and default emit the same snapshots. Its watch only sees writes from its own process, so its commits here come from the watching process. LiveKV: ${live?.watchMode ?? "watch(keys)"}. Each store runs in its own child process, which ends with process.exit.`,
  ...failures.map((f) => `- FAILED: ${f}`),
  `- Total run time ${((performance.now() - started) / 1000).toFixed(0)} s; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (${machine.cores} cores: above that, other processes competed for the CPU). Redis ${live?.redisVersion ?? machine.redis}, a throwaway redis-server on a free port.`,
];

const clusterTable = renderClusterTable(results.live, cluster);
const ceilingOne = projectedCeiling(results.live["commit-cost"]);
const ceilingCluster = projectedCeiling(cluster["commit-cost"]);
const clusterNotes = [
  `- Redis Cluster: 3 primaries + 3 replicas, six redis-servers on this same machine (scripts/redis/cluster.ts), one Kv partitioned by the first three key parts so that the benchmark's keys (["bench", "ops", i]) spread over 64 buckets and every primary. Each task starts a fresh cluster in a fresh process. Watch: same scenarios and method as above (one key: one primary serves it). With ${machine.cores} cores for six Redis processes, the client and the watchers, the cluster cannot be faster than one Redis here: its figures show the cost of the extra hops and processes, not the scaling.`,
  `- Redis CPU µs per commit: each node's INFO cpu (user + system) delta over the 1.5 s phase ÷ commit scripts it ran (commandstats EVALSHA + EVAL calls delta), the whole process (script, replication to its replica, notifications to subscribers). Notifications received from a node: the Kv's subscriber counts per node over the same phase; with one watcher per key, a node sending only its own keys' changes sends as many as it ran commits.`,
  `- How throughput grows with primaries, from the per-node figures: a node runs out of CPU at 10^6 µs ÷ its CPU per commit, and takes its share of the commits (keys spread by hash). One Redis: ${ceilingOne === null ? "—" : int(ceilingOne)} commits/s at that ceiling; this cluster: ${ceilingCluster === null ? "—" : int(ceilingCluster)} commits/s (the lowest node ceiling over its share), each primary on its own core. A projection, not a measurement: it holds while the client side (which here shares the same 2 cores) is not the limit.`,
];

console.log(table);
console.log(`\n${notes.join("\n")}`);
console.log(`\n${clusterTable}`);
console.log(`\n${clusterNotes.join("\n")}`);

const markdown = [
  "# LiveKV vs @deno/kv",
  "",
  `Machine: ${machineLine(machine)}`,
  "",
  `Command: \`npm run bench:kv\` (${new Date().toISOString().slice(0, 10)})`,
  "",
  table,
  "",
  ...notes,
  "",
  "## Redis Cluster beside one Redis (same run)",
  "",
  clusterTable,
  "",
  ...clusterNotes,
  "",
].join("\n");
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "kv.md"), markdown);
process.exit(failures.length === 0 ? 0 : 1);
