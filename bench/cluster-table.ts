// The Redis Cluster rows: LiveKV on a 3+3 Cluster beside LiveKV on one Redis, from the same
// run, and what the per-node figures say about throughput with more primaries.

import type { OpName } from "./ops";
import { CLUSTER_WATCH_SCENARIO_IDS, CONCURRENCIES, WATCH_SCENARIOS, type TaskResult } from "./tasks";

type Tasks = Partial<Record<TaskResult["task"], TaskResult>>;

const int = (v: number): string => Math.round(v).toLocaleString("en-US");
const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const OP_LABEL: Record<OpName, string> = { set: "set", get: "get", sum: "atomic sum" };

function cell(value: number | null | undefined, format: (v: number) => string): string {
  return value === null || value === undefined || Number.isNaN(value) ? "—" : format(value);
}

export function renderClusterTable(single: Tasks, cluster: Tasks): string {
  const rows: [string, string, string, string][] = [];
  const row = (measure: string, a: number | null | undefined, b: number | null | undefined, format: (v: number) => string): void => {
    const ratio = a && b ? `${(b / a).toFixed(2)}×` : "—";
    rows.push([measure, cell(a, format), cell(b, format), ratio]);
  };
  for (const op of ["set", "get", "sum"] as const) {
    for (const concurrency of CONCURRENCIES) {
      const pick = (r: TaskResult | undefined) => r?.ops?.find((o) => o.op === op && o.concurrency === concurrency)?.opsPerSecond;
      row(`${OP_LABEL[op]} ops/s, ${concurrency === 1 ? "sequential" : `${concurrency} concurrent`}`, pick(single.throughput), pick(cluster.throughput), int);
    }
  }
  for (const scenario of WATCH_SCENARIOS.filter((s) => CLUSTER_WATCH_SCENARIO_IDS.includes(s.id))) {
    const pick = (r: TaskResult | undefined) => r?.watch?.find((w) => w.scenario.id === scenario.id);
    const name = `${scenario.watchers.toLocaleString("en-US")} watchers on 1 key`;
    row(`watch p50 ms, ${name}`, pick(single.watch)?.p50, pick(cluster.watch)?.p50, ms);
    row(`watch p99 ms, ${name}`, pick(single.watch)?.p99, pick(cluster.watch)?.p99, ms);
  }
  const a = single["commit-cost"]?.commitCost;
  const b = cluster["commit-cost"]?.commitCost;
  row("commits/s, 32 concurrent sets over 1,000 keys, 1,000 watchers open", a?.commitsPerSecond, b?.commitsPerSecond, int);
  const nodes = Math.max(a?.nodes.length ?? 0, b?.nodes.length ?? 0);
  for (let n = 0; n < nodes; n++) {
    const x = a?.nodes[n];
    const y = b?.nodes[n];
    const name = `node ${n + 1}`;
    rows.push([`Redis CPU µs per commit, ${name}`, cell(x?.cpuUsPerCommit, ms), cell(y?.cpuUsPerCommit, ms), ""]);
    rows.push([`commits run by ${name}`, cell(x?.commits, int), cell(y?.commits, int), ""]);
    rows.push([`notifications received from ${name}`, cell(x?.notifications, int), cell(y?.notifications, int), ""]);
  }
  const header: [string, string, string, string] = ["Measure", "LiveKV (one Redis)", "LiveKV (Redis Cluster 3+3)", "Cluster / one Redis"];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const right = [false, true, true, true];
  const line = (r: string[]): string => `| ${r.map((text, c) => (right[c] ? text.padStart(widths[c]) : text.padEnd(widths[c]))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/**
 * The commits/s at which the first primary would run out of CPU, if commits were its only work
 * and it had a core of its own: each node's capacity (10^6 µs / its CPU µs per commit) over its
 * share of the commits, as keys spread in the run; the lowest. A projection from the measured
 * per-node figures, not a measurement.
 */
export function projectedCeiling(result: TaskResult | undefined): number | null {
  const nodes = result?.commitCost?.nodes.filter((n) => n.commits > 0 && Number.isFinite(n.cpuUsPerCommit));
  if (!nodes || nodes.length === 0) return null;
  const total = nodes.reduce((sum, n) => sum + n.commits, 0);
  return Math.min(...nodes.map((n) => 1e6 / n.cpuUsPerCommit / (n.commits / total)));
}
