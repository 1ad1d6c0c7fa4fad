// bench:sse's results as markdown: the main table (one row per scenario and server, ratios
// against the bare server), polling worked out, and the targets with PASS / MISS.

import { polling, POLL_INTERVALS_MS } from "./polling";
import { SERVER_LABEL, scenarioName, type Scenario, type ScenarioResult, type ServerKind } from "./scenarios";

export const TARGETS = {
  /** At 5,000 clients on one key, app p99 ≤ this × the bare server's. */
  p99VsBareAt5k: 1.5,
  /** At 1,000 clients on one key, @deno/kv p99 ≥ this × the app's. */
  p99VsDenoAt1k: 4,
  /** Server memory per idle SSE connection. */
  bytesPerConnection: 20 * 1024,
};

const ms = (v: number): string => (!Number.isFinite(v) ? "—" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const kb = (v: number): string => (Number.isFinite(v) ? `${(v / 1024).toFixed(1)} KB` : "—");
const ratio = (v: number): string => (Number.isFinite(v) ? `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}×` : "—");
const int = (v: number): string => Math.round(v).toLocaleString("en-US");
const rate = (v: number): string => (v < 10 ? v.toFixed(1) : int(v));
// Below this many connections, RSS growth per connection is lost in what one GC moves.
const MIN_CLIENTS_FOR_MEMORY = 100;
const perConnection = (r: ScenarioResult | undefined): number =>
  r && r.scenario.clients >= MIN_CLIENTS_FOR_MEMORY ? r.rssPerConnection : Number.NaN;

function table(header: string[], rows: string[][], right: boolean[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]): string => `| ${r.map((t, c) => (right[c] ? t.padStart(widths[c]) : t.padEnd(widths[c]))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

export function find(results: ScenarioResult[], scenarioId: string, server: ServerKind): ScenarioResult | undefined {
  return results.find((r) => r.scenario.id === scenarioId && r.server === server);
}

export function mainTable(results: ScenarioResult[], scenarios: Scenario[], kinds: ServerKind[]): string {
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const bare = find(results, scenario.id, "bare");
    for (const kind of kinds) {
      const r = find(results, scenario.id, kind);
      const cpu = r?.redisCpuMsPerChange == null ? ms(r?.cpuMsPerChange ?? Number.NaN) : `${ms(r.cpuMsPerChange)} (+${ms(r.redisCpuMsPerChange)} Redis)`;
      rows.push([
        scenarioName(scenario),
        SERVER_LABEL[kind],
        ms(r?.p50 ?? Number.NaN),
        ms(r?.p95 ?? Number.NaN),
        ms(r?.p99 ?? Number.NaN),
        ms(r?.max ?? Number.NaN),
        ms(r?.allClientsMedianMs ?? Number.NaN),
        r ? int(r.lost) : "—",
        kb(perConnection(r)),
        cpu,
        r && bare ? ratio(r.p99 / bare.p99) : "—",
        r && bare ? ratio(r.cpuMsPerChange / bare.cpuMsPerChange) : "—",
      ]);
    }
  }
  return table(
    ["Scenario", "Server", "p50 ms", "p95 ms", "p99 ms", "max ms", "all have it, median ms", "lost", "RSS / connection", "CPU ms / change", "p99 ÷ bare", "CPU ÷ bare"],
    rows,
    [false, false, true, true, true, true, true, true, true, true, true, true],
  );
}

export function pollingTable(scenarios: Scenario[]): string {
  const clients = [...new Set(scenarios.map((s) => s.clients))].sort((a, b) => a - b);
  const rows = clients.flatMap((n) =>
    POLL_INTERVALS_MS.map((p) => {
      const f = polling(n, p);
      return [int(n), `${p / 1000} s`, ms(f.averageMs), ms(f.p99Ms), rate(f.requestsPerSecond)];
    }),
  );
  return table(["Clients", "Poll every", "average latency ms", "p99 ms", "requests/s, changes or not"], rows, [true, true, true, true, true]);
}

export interface TargetLine {
  text: string;
  pass: boolean | null;
}

export function targetLines(results: ScenarioResult[]): TargetLine[] {
  const app5k = find(results, "5k", "app");
  const bare5k = find(results, "5k", "bare");
  const app1k = find(results, "1k", "app");
  const deno1k = find(results, "1k", "denokv");
  // Memory: the largest one-key run, where fixed costs weigh least per connection.
  const memory = results
    .filter((r) => r.server === "app" && r.scenario.keys === 1)
    .sort((a, b) => b.scenario.clients - a.scenario.clients)[0];
  const lines: TargetLine[] = [];
  const kv1k = find(results, "1k", "livekv");
  lines.push(
    app5k && bare5k
      ? {
          text: `5,000 clients on one key: app p99 ${ms(app5k.p99)} ms = ${ratio(app5k.p99 / bare5k.p99)} the bare server's ${ms(bare5k.p99)} ms (target ≤ ${TARGETS.p99VsBareAt5k}×)`,
          pass: app5k.p99 <= TARGETS.p99VsBareAt5k * bare5k.p99,
        }
      : { text: "5,000 clients on one key: not measured", pass: null },
  );
  lines.push(
    app1k && deno1k
      ? {
          text: `1,000 clients on one key: @deno/kv p99 ${ms(deno1k.p99)} ms = ${ratio(deno1k.p99 / app1k.p99)} the app's ${ms(app1k.p99)} ms (target ≥ ${TARGETS.p99VsDenoAt1k}×)`,
          pass: deno1k.p99 >= TARGETS.p99VsDenoAt1k * app1k.p99,
        }
      : { text: "1,000 clients on one key: not measured", pass: null },
  );
  if (kv1k && deno1k) {
    // Not a target: the same comparison with both stores behind the same plain node:http server.
    lines.push({
      text: `(the stores alone, 1,000 clients on one key, both behind plain node:http: @deno/kv p99 ${ms(deno1k.p99)} ms = ${ratio(deno1k.p99 / kv1k.p99)} lib/kv's ${ms(kv1k.p99)} ms)`,
      pass: null,
    });
  }
  const app10k = find(results, "10k", "app");
  const cores10k = find(results, "10k", "app-cores");
  const bare10k = find(results, "10k", "bare");
  if (app10k && cores10k) {
    // Not a target: what a second core buys when the load client shares the machine.
    lines.push({
      text:
        `(10,000 clients on one key, one process per core vs one process: p99 ${ms(cores10k.p99)} vs ${ms(app10k.p99)} ms ` +
        `(one process's p99 is ${ratio(app10k.p99 / cores10k.p99)} theirs), last client ${ms(cores10k.allClientsMedianMs)} vs ${ms(app10k.allClientsMedianMs)} ms, ` +
        `CPU / change ${ms(cores10k.cpuMsPerChange)} vs ${ms(app10k.cpuMsPerChange)} ms; the bare single-process server's p99 ${bare10k ? ms(bare10k.p99) : "—"} ms)`,
      pass: null,
    });
  }
  lines.push(
    memory
      ? {
          text: `memory per idle SSE connection (app, ${int(memory.scenario.clients)} clients): ${kb(memory.rssPerConnection)} (target ≤ ${kb(TARGETS.bytesPerConnection)})`,
          pass: memory.rssPerConnection <= TARGETS.bytesPerConnection,
        }
      : { text: "memory per idle SSE connection: not measured", pass: null },
  );
  return lines;
}

/**
 * What each layer adds over the one under it, per scenario: the differences of p99, CPU per
 * change and RSS per connection between two servers of the same run.
 */
export function layerTable(results: ScenarioResult[], scenarios: Scenario[]): string {
  const layers: { name: string; upper: ServerKind; lower: ServerKind }[] = [
    { name: "Next.js route handler + web streams (Next.js, no Redis − bare)", upper: "next", lower: "bare" },
    { name: "LiveKV in the app: commit, watch, stats read, feed (app − Next.js, no Redis)", upper: "app", lower: "next" },
    { name: "lib/kv, a watch per connection (lib/kv server − bare)", upper: "livekv", lower: "bare" },
    { name: "@deno/kv, a watch per connection (@deno/kv server − bare)", upper: "denokv", lower: "bare" },
  ];
  const signed = (v: number, format: (x: number) => string): string => (Number.isFinite(v) ? `${v < 0 ? "−" : "+"}${format(Math.abs(v))}` : "—");
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    for (const layer of layers) {
      const upper = find(results, scenario.id, layer.upper);
      const lower = find(results, scenario.id, layer.lower);
      if (!upper || !lower) continue;
      rows.push([
        scenarioName(scenario),
        layer.name,
        signed(upper.p99 - lower.p99, ms),
        signed(upper.cpuMsPerChange - lower.cpuMsPerChange, ms),
        signed(perConnection(upper) - perConnection(lower), kb),
      ]);
    }
  }
  return table(["Scenario", "Layer", "p99 ms", "CPU ms / change", "RSS / connection"], rows, [false, false, true, true, true]);
}

/** One row per scenario, one column per server: p99 and CPU per change as multiples of the bare server's. */
export function summaryTable(results: ScenarioResult[], scenarios: Scenario[], kinds: ServerKind[]): string {
  const others = kinds.filter((k) => k !== "bare");
  const rows = scenarios.map((scenario) => {
    const bare = find(results, scenario.id, "bare");
    return [
      scenarioName(scenario),
      ...others.map((kind) => {
        const r = find(results, scenario.id, kind);
        return r && bare ? `${ratio(r.p99 / bare.p99)} / ${ratio(r.cpuMsPerChange / bare.cpuMsPerChange)}` : "—";
      }),
    ];
  });
  return table(["p99 ÷ bare / CPU ÷ bare", ...others.map((k) => SERVER_LABEL[k])], rows, [false, ...others.map(() => true)]);
}
