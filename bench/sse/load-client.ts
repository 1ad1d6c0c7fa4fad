// The load client, run in its own process (bench/sse.ts spawns one per scenario and server):
// opens the scenario's SSE connections, waits until every one has its first event, then
// makes changes one at a time and times, per client and change, request → event. Prints one
// RESULT_PREFIX line of JSON. The server is measured from outside through /proc.

import { percentile, sortedCopy } from "../stats";
import { cpuMs, GC_SIGNAL, processTree, rssBytes } from "./proc";
import { RESULT_PREFIX, type Scenario, type ScenarioResult, type ServerKind } from "./scenarios";
import { SseConnection, type Target } from "./sse-connection";
import { driverFor } from "./targets";

export interface LoadClientArgs {
  kind: ServerKind;
  target: Target;
  serverPid: number;
  redisPid: number | null;
  scenario: Scenario;
  /** The size baseline servers pad their frames to. */
  frameBytes: number;
}

const WARMUP_CHANGES = 3;
// Connections still waiting for their first event at once: past the server's listen backlog
// (511) the kernel drops SYNs and the client retries a second later, which measures nothing.
const OPENING_AT_ONCE = 250;
const CHANGE_TIMEOUT_MS = 10_000;
const SETTLE_MS = 500;

const args = JSON.parse(process.argv[2] ?? "") as LoadClientArgs;
const { scenario, target } = args;
const driver = driverFor(args.kind, target, args.frameBytes);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's RSS (all its processes') once it has collected its garbage (see GC_SIGNAL). */
async function liveRss(pid: number): Promise<number> {
  const pids = processTree(pid);
  for (const p of pids) process.kill(p, GC_SIGNAL);
  await sleep(SETTLE_MS);
  return pids.reduce((total, p) => total + rssBytes(p), 0);
}

/** The server's CPU time so far, all its processes'. */
function serverCpuMs(pid: number): number {
  return processTree(pid).reduce((total, p) => total + cpuMs(p), 0);
}

// The change being waited for: which key, which counter value, since when, who still lacks it.
interface Pending {
  key: number;
  value: number;
  startedAt: number;
  remaining: number;
  latencies: number[] | null;
  lastArrival: number;
  done: () => void;
}
let pending: Pending | null = null;

function onValue(connection: SseConnection, value: number): void {
  const p = pending;
  if (!p || connection.key !== p.key || value !== p.value) return;
  const now = performance.now();
  p.latencies?.push(now - p.startedAt);
  p.lastArrival = now;
  if (--p.remaining === 0) p.done();
}

async function openAll(keys: string[]): Promise<SseConnection[]> {
  const connections = Array.from(
    { length: scenario.clients },
    (_, i) => new SseConnection(i % scenario.keys, driver.pattern),
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < connections.length) {
      const connection = connections[next++];
      await connection.open(target, driver.streamPath(keys[connection.key]), onValue);
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPENING_AT_ONCE, connections.length) }, worker));
  return connections;
}

/** Makes one change and waits until every client of its key has it (or the timeout). */
async function change(
  keys: string[],
  counters: number[],
  clientsOf: number[],
  key: number,
  latencies: number[] | null,
): Promise<{ lost: number; allMs: number }> {
  counters[key]++;
  let timer: NodeJS.Timeout | undefined;
  const p: Pending = {
    key,
    value: counters[key],
    startedAt: 0,
    remaining: clientsOf[key],
    latencies,
    lastArrival: 0,
    done: () => {},
  };
  const arrived = new Promise<void>((resolve) => {
    p.done = resolve;
    timer = setTimeout(resolve, CHANGE_TIMEOUT_MS);
  });
  pending = p;
  p.startedAt = performance.now();
  await Promise.all([driver.change(keys[key]), arrived]);
  clearTimeout(timer);
  pending = null;
  return { lost: p.remaining, allMs: p.lastArrival - p.startedAt };
}

async function main(): Promise<ScenarioResult> {
  const keys = await driver.createKeys(scenario.keys);
  const clientsOf = keys.map((_, k) => Math.floor(scenario.clients / scenario.keys) + (k < scenario.clients % scenario.keys ? 1 : 0));

  // Warm-up on one connection: the server loads its routes and JITs its hot paths before
  // anything is measured, so neither counts as per-connection memory or change latency.
  const warm = new SseConnection(0, driver.pattern);
  const counters = keys.map(() => 0);
  counters[0] = await warm.open(target, driver.streamPath(keys[0]), onValue);
  const warmClients = clientsOf.map((_, k) => (k === 0 ? 1 : 0));
  for (let i = 0; i < WARMUP_CHANGES; i++) await change(keys, counters, warmClients, 0, null);
  warm.close();
  const rssBefore = await liveRss(args.serverPid);
  const openStart = performance.now();
  const connections = await openAll(keys);
  const openMs = performance.now() - openStart;
  // Each stream's first event carries its key's counter as the server sees it.
  for (const c of connections) counters[c.key] = c.value;
  const rssAfter = await liveRss(args.serverPid);

  // With every client connected: a few unmeasured changes, then the measured ones.
  for (let i = 0; i < WARMUP_CHANGES; i++) await change(keys, counters, clientsOf, i % keys.length, null);
  const latencies: number[] = [];
  const allClients: number[] = [];
  let lost = 0;
  const cpuBefore = serverCpuMs(args.serverPid);
  const redisBefore = args.redisPid === null ? 0 : cpuMs(args.redisPid);
  for (let i = 0; i < scenario.changes; i++) {
    const outcome = await change(keys, counters, clientsOf, i % keys.length, latencies);
    lost += outcome.lost;
    if (outcome.lost === 0) allClients.push(outcome.allMs);
  }
  const cpu = serverCpuMs(args.serverPid) - cpuBefore;
  const redisCpu = args.redisPid === null ? null : cpuMs(args.redisPid) - redisBefore;
  const frameBytes = connections[0].frameBytes;
  for (const c of connections) c.close();

  const sorted = sortedCopy(Float64Array.from(latencies));
  return {
    server: args.kind,
    scenario,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    samples: sorted.length,
    allClientsMedianMs: percentile(sortedCopy(Float64Array.from(allClients)), 50),
    lost,
    rssPerConnection: (rssAfter - rssBefore) / scenario.clients,
    cpuMsPerChange: cpu / scenario.changes,
    redisCpuMsPerChange: redisCpu === null ? null : redisCpu / scenario.changes,
    openMs,
    frameBytes,
  };
}

main().then(
  (result) => {
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    // Sockets may still be closing; the result is out, nothing else matters.
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
