// Puts one bench:sse run on record: the chart (bench/results/sse.png), the raw figures
// (bench/results/sse.json) and the section of BENCHMARKS.md between the bench:sse markers. Text outside the markers is hand-written
// (analysis, history) and survives every run. Returns the section for the terminal.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Rgb } from "./canvas";
import { latencyChart, type Series } from "./chart";
import { POLL_INTERVALS_MS } from "./polling";
import { layerTable, mainTable, pollingTable, summaryTable, targetLines } from "./report";
import { SCENARIOS, SERVER_LABEL, SERVER_ORDER, type Scenario, type ScenarioResult, type ServerKind } from "./scenarios";

export interface RunRecord {
  root: string;
  results: ScenarioResult[];
  failures: string[];
  notes: string[];
  machine: string;
  cores: number;
  frameBytes: number;
  loadAtStart: number;
  loadAtEnd: number;
  seconds: number;
  write: boolean;
}

const START = "<!-- bench:sse:start -->";
const END = "<!-- bench:sse:end -->";
const COLORS: Record<ServerKind, Rgb> = {
  app: [214, 39, 40],
  baseline: [140, 86, 75],
  "app-cores": [227, 119, 194],
  next: [255, 127, 14],
  livekv: [148, 103, 189],
  bare: [31, 119, 180],
  denokv: [44, 160, 44],
};
const ORDER = SERVER_ORDER;

export function chart(results: ScenarioResult[]): Buffer {
  const oneKey = results.filter((r) => r.scenario.keys === 1);
  const xs = [...new Set(oneKey.map((r) => r.scenario.clients))].sort((a, b) => a - b);
  const series: Series[] = ORDER.filter((k) => oneKey.some((r) => r.server === k)).map((kind) => ({
    label: SERVER_LABEL[kind],
    color: COLORS[kind],
    points: oneKey.filter((r) => r.server === kind).map((r) => ({ x: r.scenario.clients, y: r.p99 })),
  }));
  for (const p of POLL_INTERVALS_MS) {
    series.push({
      label: `polling every ${p / 1000} s (worked out)`,
      color: p === 1000 ? [127, 127, 127] : [180, 180, 180],
      dashed: true,
      points: [xs[0] ?? 1, xs[xs.length - 1] ?? 1].map((x) => ({ x, y: p * 0.99 })),
    });
  }
  return latencyChart("P99 LATENCY, REQUEST TO EVENT", "MS, LOG SCALE", xs.length ? xs : [1], series);
}

function methodNotes(record: RunRecord): string[] {
  return [
    `- Every server runs in its own process, fresh for each scenario; the load client is another process (plain \`node:http\`, one TCP connection per client, a few lines of SSE parsing). All on 127.0.0.1, on the same ${record.cores} cores as Redis: the client's own work is in every figure, the bare server's included.`,
    "- A scenario: open the connections (at most 250 waiting for their first event at once) and wait until each has its first event (the current state); 3 unmeasured changes; then the measured changes, one at a time: each waits until every client on its key has it (10 s, else the missing ones count as lost). Latency: from just before the change request is sent to the moment the client has parsed the event with the new counter, on the load client's clock — one sample per client and change, nearest-rank percentiles. \"All have it\": per change, until the last client had it; the median over changes.",
    "- App: the production server as `npm start` runs it (the compiled server.ts: Next.js, with the live streams on its `node:http` front). A change is `GET /s/{code}` (a browser's User-Agent, so a counted click, served by Next) — one atomic commit, a keyspace notification, the watch hub, one stats read shared by every connection on the link, pushed to every stream on `/api/links/{code}/events` in one loop. The event is the link's full stats. Own keys: 1,000 links with one client each; each link is clicked once, in turn.",
    `- Baselines send the same bytes per event: the envelope padded to the app's stats event (${record.frameBytes.toLocaleString("en-US")} bytes). Next.js, no Redis: the bench-only route \`app/s/bench/sse/route.bench.ts\` (only in the bench's own build) through Next's handler on the same server, a ReadableStream per connection into which a change enqueues one prebuilt frame. Bare: \`node:http\`, one prebuilt frame \`res.write\`n to every response. @deno/kv: SQLite file, one \`kv.watch([key], { raw: true })\` per connection, a change is \`POST /click\` (an atomic sum) on the same server, because its watch sees only its own process's writes.`,
    "- RSS / connection: the server's VmRSS after opening minus before, ÷ clients; each reading after a full garbage collection in the server (started with `--expose-gc`; `gc()` on SIGUSR2), so garbage left by the opening does not count. CPU / change: the server's user + system time (/proc/<pid>/stat) over the measured changes ÷ changes, for the app also the redis-server's.",
    ...record.notes.map((n) => `- ${n}`),
    ...record.failures.map((f) => `- FAILED: ${f}`),
    `- Run time ${record.seconds.toFixed(0)} s; 1-minute load average ${record.loadAtStart.toFixed(1)} at the start, ${record.loadAtEnd.toFixed(1)} at the end (${record.cores} cores: above that, other processes competed for the CPU).`,
  ];
}

export function writeResults(record: RunRecord): string {
  const scenarios: Scenario[] = SCENARIOS.filter((s) => record.results.some((r) => r.scenario.id === s.id));
  const kinds = ORDER.filter((k) => record.results.some((r) => r.server === k));
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    START,
    "## SSE fan-out through the app",
    "",
    `Machine: ${record.machine}`,
    "",
    `Command: \`npm run bench:sse\` (${date}). Chart: p99 latency from the change request to the event, clients on one key.`,
    "",
    "![p99 latency against clients on one key, one line per server](bench/results/sse.png)",
    "",
    "### Targets",
    "",
    ...targetLines(record.results).map((t) => `- ${t.pass === null ? "" : t.pass ? "PASS: " : "MISS: "}${t.text}`),
    "",
    "### Summary: against the bare Node server",
    "",
    summaryTable(record.results, scenarios, kinds),
    "",
    "### Results",
    "",
    mainTable(record.results, scenarios, kinds),
    "",
    "### What each layer adds",
    "",
    layerTable(record.results, scenarios),
    "",
    "### Polling, worked out",
    "",
    pollingTable(scenarios),
    "",
    "### How it was measured",
    "",
    ...methodNotes(record),
    END,
  ].join("\n");

  if (record.write) {
    mkdirSync(join(record.root, "bench", "results"), { recursive: true });
    writeFileSync(join(record.root, "bench", "results", "sse.png"), chart(record.results));
    // The raw figures too, for comparing runs without parsing markdown.
    const raw = { date, machine: record.machine, loadAtStart: record.loadAtStart, loadAtEnd: record.loadAtEnd, results: record.results };
    writeFileSync(join(record.root, "bench", "results", "sse.json"), `${JSON.stringify(raw, null, 2)}\n`);
    const file = join(record.root, "BENCHMARKS.md");
    const existing = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
    const start = existing.indexOf(START);
    const end = existing.indexOf(END);
    const next =
      start >= 0 && end > start
        ? existing.slice(0, start) + section + existing.slice(end + END.length)
        : `${existing.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, next);
  }
  return section;
}
