// What bench:sse measures: the scenarios, the servers, and the shape of one result. Shared
// by the orchestrator (bench/sse.ts), the load client and the report.

export type ServerKind = "app" | "baseline" | "app-cores" | "next" | "livekv" | "bare" | "denokv";

export const SERVER_LABEL: Record<ServerKind, string> = {
  app: "LiveKV app (server.ts + Redis)",
  baseline: "LiveKV app, the --baseline checkout",
  "app-cores": "LiveKV app, one process per core (WEB_CONCURRENCY)",
  next: "Next.js SSE broadcast, no Redis",
  livekv: "lib/kv server (watch per connection)",
  bare: "bare Node SSE broadcast",
  denokv: "@deno/kv server (watch per connection)",
};

/** The order of rows, runs and chart lines. */
export const SERVER_ORDER: readonly ServerKind[] = ["app", "baseline", "app-cores", "next", "livekv", "bare", "denokv"];

export interface Scenario {
  id: string;
  /** Concurrent SSE connections. */
  clients: number;
  /** Distinct keys (short links); client i watches key i % keys. */
  keys: number;
  /** Measured changes, made one at a time, after a few discarded warm-up changes. */
  changes: number;
}

// Changes per scenario keep every scenario to a few seconds of changes while still giving
// p99 thousands of samples. For own keys, links are clicked in turn, each at most once, and
// each click reaches its one client.
export const SCENARIOS: readonly Scenario[] = [
  { id: "1", clients: 1, keys: 1, changes: 100 },
  { id: "1k", clients: 1_000, keys: 1, changes: 30 },
  { id: "5k", clients: 5_000, keys: 1, changes: 15 },
  { id: "10k", clients: 10_000, keys: 1, changes: 10 },
  { id: "1k-own", clients: 1_000, keys: 1_000, changes: 500 },
];

export function scenarioName(s: Scenario): string {
  const n = s.clients.toLocaleString("en-US");
  if (s.keys === 1) return `${n} client${s.clients === 1 ? "" : "s"} on 1 key`;
  return `${n} clients, each on its own key`;
}

/** What the load client reports for one scenario against one server. */
export interface ScenarioResult {
  server: ServerKind;
  scenario: Scenario;
  /** Latency of every (client, change) pair that arrived, ms, sorted. Summarised by the parent. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
  /** Per change: the time until the last client had it; the median over changes. */
  allClientsMedianMs: number;
  /** (client, change) pairs that had not arrived when the change's wait timed out. */
  lost: number;
  /** Server RSS growth while opening the connections ÷ clients. */
  rssPerConnection: number;
  /** Server user+system CPU over the measured changes ÷ changes. */
  cpuMsPerChange: number;
  /** Redis user+system CPU per change (app only). */
  redisCpuMsPerChange: number | null;
  /** From the first connect to the last connection's first event. */
  openMs: number;
  /** Bytes of the frame one change sends one client. */
  frameBytes: number;
}

export const RESULT_PREFIX = "SSE_BENCH_RESULT ";
