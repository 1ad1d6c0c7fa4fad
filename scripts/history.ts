// `npm run test:history`: the history test's long form. Clients run random reads, writes,
// check-and-sets and sums through lib/kv while a nemesis kills, pauses and restarts a real
// redis-server (appendfsync always); then every key's history is checked for linearizability
// and every counter against its increments. Prints what ran, the faults, the outcomes and
// the anomalies found; exits 1 if there is any (or if a key could not be decided), and then
// writes the history to a file for a closer look.
//
// Options: --duration 180 (s) --clients 5 --registers 3 --counters 2 --op-timeout 1000 (ms) --seed N

import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runHistoryTest, type HistoryReport } from "./kv-history";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "180" },
    clients: { type: "string", default: "5" },
    registers: { type: "string", default: "3" },
    counters: { type: "string", default: "2" },
    "op-timeout": { type: "string", default: "1000" },
    seed: { type: "string" },
  },
});

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

// ioredis warns once per connection per outage; count those instead of printing them.
let reconnectWarnings = 0;
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (String(args[0]).startsWith("[livekv]")) reconnectWarnings++;
  else warn(...args);
};

const report = await runHistoryTest({
  durationMs: Number(values.duration) * 1000,
  clients: Number(values.clients),
  registers: Number(values.registers),
  counters: Number(values.counters),
  opTimeoutMs: Number(values["op-timeout"]),
  seed: values.seed === undefined ? undefined : Number(values.seed),
  log: (line) => say(`${elapsed()}  ${line}`),
});
printReport(report);

if (report.anomalies.length > 0 || report.undecided.length > 0) {
  const file = join(tmpdir(), `livekv-history-${report.seed}.json`);
  writeFileSync(file, JSON.stringify(report.history, (_key, value: unknown) => (typeof value === "bigint" ? `${value}n` : value)));
  say(`The history (${report.operations} operations) is in ${file}`);
  process.exit(1);
}

function printReport(r: HistoryReport): void {
  const n = (value: number | bigint): string => value.toLocaleString("en-US");
  const list = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([name, count]) => `${name} ${n(count)}`)
      .join(" · ");
  say("");
  say(`Seed            ${r.seed} (--seed ${r.seed}: the same choices for each client and the same faults; Redis's timing still varies)`);
  say(`Operations      ${n(r.operations)} in ${n(r.durationMs / 1000)} s: ${list(r.byKind)}`);
  say(`Outcomes        ${list(r.outcomes)}${r.unsettled > 0 ? ` (${r.unsettled} still unsettled at the end)` : ""}`);
  say(`Faults          ${list(r.faults)} (${n(reconnectWarnings)} reconnect warnings)`);
  const linearizable = r.linearizability.filter((v) => v.verdict === "linearizable").length;
  const largest = r.linearizability.reduce((a, b) => (b.explored > a.explored ? b : a));
  const counted = r.counters.filter((c) => c.ok);
  const sumOf = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  say(`Keys            ${r.linearizability.length} (each register and counter moves to a fresh key every ${n(r.keyLifetimeMs / 1000)} s)`);
  say(`Linearizable    ${linearizable} of ${r.linearizability.length} keys; the largest search tried ${n(largest.explored)} configurations (${largest.key}, ${n(largest.operations)} operations)`);
  say(
    `Counters        ${counted.length} of ${r.counters.length} hold exactly their ${n(sumOf(r.counters.map((c) => Number(c.acknowledged))))} acknowledged ` +
      `increments plus ${n(sumOf(counted.map((c) => c.unknownApplied ?? 0)))} of the ${n(sumOf(r.counters.map((c) => c.unknownIncrements)))} unknown ones`,
  );
  say(`Checked in      ${(r.checkMs / 1000).toFixed(1)} s`);
  say(`Anomalies       ${r.anomalies.length}${r.undecided.length > 0 ? ` (undecided: ${r.undecided.join(", ")})` : ""}`);
  for (const anomaly of r.anomalies) say(`  ${anomaly}`);
}
