// Turns the children's results into the one table: a markdown table whose columns are padded,
// so the same text reads well in a terminal and renders in bench/results/kv.md.

import type { OpName } from "./ops";
import { CONCURRENCIES, IDLE_WATCHERS, SUBSCRIBE_SCENARIO_IDS, WATCH_SCENARIOS, type TaskResult } from "./tasks";

export const P99_TARGET_MS = 50;
export const IDLE_BYTES_TARGET = 2048;

interface Row {
  measure: string;
  live: number | null;
  deno: number | null;
  format: (value: number) => string;
  target?: { text: string; pass: (live: number) => boolean };
}

export interface Results {
  live: Partial<Record<TaskResult["task"], TaskResult>>;
  deno: Partial<Record<TaskResult["task"], TaskResult>>;
}

const int = (v: number): string => Math.round(v).toLocaleString("en-US");
const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const bytes = (v: number): string => `${int(v)} B`;
const plain = (v: number): string => v.toFixed(2);
const count = (n: number): string => n.toLocaleString("en-US");

const OP_LABEL: Record<OpName, string> = { set: "set", get: "get", sum: "atomic sum" };

function rows(results: Results): Row[] {
  const out: Row[] = [];
  for (const op of ["set", "get", "sum"] as const) {
    for (const concurrency of CONCURRENCIES) {
      const pick = (r: TaskResult | undefined): number | null =>
        r?.ops?.find((o) => o.op === op && o.concurrency === concurrency)?.opsPerSecond ?? null;
      out.push({
        measure: `${OP_LABEL[op]} ops/s, ${concurrency === 1 ? "sequential" : `${concurrency} concurrent`}`,
        live: pick(results.live.throughput),
        deno: pick(results.deno.throughput),
        format: int,
      });
    }
  }
  for (const scenario of WATCH_SCENARIOS) {
    const pick = (r: TaskResult | undefined) => r?.watch?.find((w) => w.scenario.id === scenario.id);
    const live = pick(results.live.watch);
    const deno = pick(results.deno.watch);
    const name = `${count(scenario.watchers)} watcher${scenario.watchers === 1 ? "" : "s"} on ${
      scenario.keys === 1 ? "1 key" : `${count(scenario.keys)} keys`
    }`;
    out.push({ measure: `watch p50 ms, ${name}`, live: live?.p50 ?? null, deno: deno?.p50 ?? null, format: ms });
    out.push({
      measure: `watch p99 ms, ${name}`,
      live: live?.p99 ?? null,
      deno: deno?.p99 ?? null,
      format: ms,
      target:
        scenario.watchers === 10_000 && scenario.keys === 1
          ? { text: `< ${P99_TARGET_MS} ms`, pass: (v) => v < P99_TARGET_MS }
          : undefined,
    });
    if (scenario.watchers >= 1_000) {
      out.push({ measure: `open watches → all first emissions ms, ${name}`, live: live?.openMs ?? null, deno: deno?.openMs ?? null, format: ms });
    }
    out.push({
      measure: `Redis reads per change, ${name}`,
      live: live?.readsPerChange ?? null,
      deno: null,
      format: plain,
      target: { text: "≈ 1", pass: (v) => v <= 1.05 },
    });
  }
  // kv.subscribe(): the callback form a server uses to fan one change out to many clients,
  // beside @deno/kv's stream watch on the same scenario (it has no callback form).
  for (const scenario of WATCH_SCENARIOS.filter((s) => SUBSCRIBE_SCENARIO_IDS.includes(s.id))) {
    const live = results.live["watch-subscribe"]?.watch?.find((w) => w.scenario.id === scenario.id);
    const deno = results.deno.watch?.watch?.find((w) => w.scenario.id === scenario.id);
    const name = `${count(scenario.watchers)} kv.subscribe() on ${scenario.keys === 1 ? "1 key" : `${count(scenario.keys)} keys`} (@deno/kv: watch)`;
    out.push({ measure: `watch p50 ms, ${name}`, live: live?.p50 ?? null, deno: deno?.p50 ?? null, format: ms });
    out.push({
      measure: `watch p99 ms, ${name}`,
      live: live?.p99 ?? null,
      deno: deno?.p99 ?? null,
      format: ms,
      target:
        scenario.watchers === 10_000 && scenario.keys === 1
          ? { text: `< ${P99_TARGET_MS} ms`, pass: (v) => v < P99_TARGET_MS }
          : undefined,
    });
  }
  {
    const live = results.live["memory-subscribe"]?.memory;
    const deno = results.deno["memory-one-key"]?.memory;
    out.push({
      measure: `heap per idle kv.subscribe(), ${count(IDLE_WATCHERS)} on 1 key (@deno/kv: watch)`,
      live: live?.heapPerWatcher ?? null,
      deno: deno?.heapPerWatcher ?? null,
      format: bytes,
      target: { text: `< ${count(IDLE_BYTES_TARGET)} B`, pass: (v) => v < IDLE_BYTES_TARGET },
    });
  }
  for (const task of ["memory-one-key", "memory-own-keys"] as const) {
    const live = results.live[task]?.memory;
    const deno = results.deno[task]?.memory;
    const name = `${count(IDLE_WATCHERS)} on ${task === "memory-one-key" ? "1 key" : "own keys"}`;
    out.push({
      measure: `heap per idle watcher, ${name}`,
      live: live?.heapPerWatcher ?? null,
      deno: deno?.heapPerWatcher ?? null,
      format: bytes,
      target: { text: `< ${count(IDLE_BYTES_TARGET)} B`, pass: (v) => v < IDLE_BYTES_TARGET },
    });
    out.push({ measure: `RSS per idle watcher, ${name}`, live: live?.rssPerWatcher ?? null, deno: deno?.rssPerWatcher ?? null, format: bytes });
    out.push({ measure: `Redis memory per idle watcher, ${name}`, live: live?.serverPerWatcher ?? null, deno: null, format: bytes });
  }
  return out;
}

function cell(value: number | null, format: (v: number) => string): string {
  return value === null || Number.isNaN(value) ? "—" : format(value);
}

export function renderTable(results: Results, liveLabel: string, denoLabel: string): string {
  const header = ["Measure", liveLabel, denoLabel, "LiveKV / @deno/kv", "Target (LiveKV)"];
  const body = rows(results).map((row) => [
    row.measure,
    cell(row.live, row.format),
    cell(row.deno, row.format),
    row.live !== null && row.deno !== null && row.deno !== 0 ? `${(row.live / row.deno).toFixed(2)}×` : "—",
    row.target ? `${row.target.text}: ${row.live === null ? "—" : row.target.pass(row.live) ? "PASS" : "MISS"}` : "",
  ]);
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const right = [false, true, true, true, false];
  const line = (r: string[]): string =>
    `| ${r.map((text, c) => (right[c] ? text.padStart(widths[c]) : text.padEnd(widths[c]))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}
