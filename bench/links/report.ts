// The benchmark's table, as Markdown: printed to the terminal and written to
// bench/results/links.md, so the numbers and how they were made travel together.

import { cpus } from "node:os";
import type { CommandCounts } from "./commandstats";
import { sumCounts } from "./commandstats";
import type { LoadResult } from "./load";
import type { RoundTripCount } from "./round-trips";

/** A load run and the CPU it cost, per redirect (warm-up included). */
export interface Measured extends LoadResult {
  /** The app server's CPU (user + system), or null where /proc is unavailable. */
  serverCpuUs: number | null;
  redisCpuUs: number;
}

export interface RoundResult {
  /** A bare node:http 302 in a process of its own: the floor. */
  node: Measured;
  /** A bare Next.js 302 route on the app's server. */
  bare: Measured;
  links: Measured;
  /** The baseline checkout's /s/{code} (--baseline), and how far its click counter moved. */
  baseline?: Measured;
  baselineClicksRecorded?: number;
  /** The link's click counter moved by this much during the shortlink run. */
  clicksRecorded: number;
  /** Redis commands during the shortlink run (INFO commandstats delta). */
  commands: CommandCounts;
}

/** The append-only fsync policies compared, strongest first. */
export const FSYNC_POLICIES = ["always", "everysec", "no"] as const;
export type FsyncPolicy = (typeof FSYNC_POLICIES)[number];

/** One run of the click route under one appendfsync policy. */
export interface FsyncRun {
  policy: FsyncPolicy;
  round: number;
  measured: Measured;
  clicksRecorded: number;
}

export interface Report {
  command: string;
  date: string;
  machine: string;
  loadAverage: string;
  /** Redis's appendfsync. */
  fsync: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** The other checkout measured beside the app (--baseline), as the report names it. */
  baseline?: string;
  rounds: RoundResult[];
  /** The click route under each appendfsync policy, `rounds` runs each. */
  fsyncRuns: FsyncRun[];
  /** The MONITOR-watched run: what the app sent Redis for `clicks` clicks. */
  roundTrips: RoundTripCount & { clicks: number; redirects: number };
}

// The click (front) ÷ today's click through Next (the baseline checkout), issue 12.
const BASELINE_TARGET = 3;

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const ms = (n: number): string => n.toFixed(n < 10 ? 2 : 1);
const pct = (n: number): string => `${(n * 100).toFixed(0)}%`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Summary {
  bare: number;
  links: number;
  /** Median over rounds of (click route ÷ bare route): each round pairs two adjacent runs,
   * so a machine that slows down between rounds moves both sides of a ratio alike. */
  ratio: number;
  /** The same ratio from the app server's CPU per redirect (bare ÷ click): what it would be
   * if the server had a core to itself, whatever else the machine was doing. */
  cpuRatio: number | null;
  /** Commands Redis executed per click in the timed runs (INFO commandstats: script internals included). */
  executedPerClick: number;
  /** Commands the app sent per click (MONITOR): the round trips. */
  roundTripsPerClick: number;
  clicksRecorded: number;
  redirectsSent: number;
}

export function summarize(report: Report): Summary {
  const bare = median(report.rounds.map((r) => r.bare.perSecond));
  const links = median(report.rounds.map((r) => r.links.perSecond));
  const clicksRecorded = report.rounds.reduce((sum, r) => sum + r.clicksRecorded, 0);
  const redirectsSent = report.rounds.reduce((sum, r) => sum + r.links.okIncludingWarmup, 0);
  const totals: CommandCounts = {};
  for (const round of report.rounds) {
    for (const [name, n] of Object.entries(round.commands)) totals[name] = (totals[name] ?? 0) + n;
  }
  const { roundTrips } = report;
  const serverCpu = (pick: (r: RoundResult) => Measured): number | null => {
    const values = report.rounds.map((r) => pick(r).serverCpuUs);
    return values.every((v): v is number => v !== null) ? median(values) : null;
  };
  const bareCpu = serverCpu((r) => r.bare);
  const linksCpu = serverCpu((r) => r.links);
  return {
    bare,
    links,
    ratio: median(report.rounds.map((r) => r.links.perSecond / r.bare.perSecond)),
    cpuRatio: bareCpu !== null && linksCpu !== null ? bareCpu / linksCpu : null,
    executedPerClick: sumCounts(totals) / Math.max(clicksRecorded, 1),
    roundTripsPerClick: sumCounts(perClickCommands(roundTrips.fromClients)) / Math.max(roundTrips.clicks, 1),
    clicksRecorded,
    redirectsSent,
  };
}

function perClick(n: number, clicks: number): string {
  return n === 0 ? "–" : (n / Math.max(clicks, 1)).toFixed(3);
}

// The Kv's command connection sends TIME as its heartbeat (lib/kv/command-connection.ts: every
// half command timeout, clicks or not; it also keeps the commit deadlines' clock offset fresh).
// Sent in the 1 s MONITOR run, it is no part of any click, so a click's round trips leave it out.
const HEARTBEAT = "time";

function perClickCommands(counts: CommandCounts): CommandCounts {
  return Object.fromEntries(Object.entries(counts).filter(([name]) => name !== HEARTBEAT));
}

function commandRows(count: Report["roundTrips"]): string[] {
  const names = [...new Set([...Object.keys(count.fromClients), ...Object.keys(count.inScripts)])];
  const sent = (name: string): number => count.fromClients[name] ?? 0;
  const inside = (name: string): number => count.inScripts[name] ?? 0;
  names.sort((a, b) => sent(b) - sent(a) || inside(b) - inside(a) || a.localeCompare(b));
  const label = (name: string): string => (name === HEARTBEAT ? `\`${name}\` (sent: the connection's heartbeat, not per click)` : `\`${name}\``);
  return names.map((name) => row([label(name), perClick(sent(name), count.clicks), perClick(inside(name), count.clicks)]));
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

const WHAT_IS_LOST: Record<FsyncPolicy, string> = {
  always: "nothing acknowledged (written and fsynced before Redis replies)",
  everysec: "up to ~1 s of acknowledged writes on an OS crash or power cut (~2 s if the disk stalls); none on a Redis crash alone",
  no: "whatever the OS had not flushed yet (typically up to 30 s) on an OS crash; none on a Redis crash alone",
};

function fsyncRows(report: Report): string[] {
  const runsOf = (policy: FsyncPolicy) => report.fsyncRuns.filter((run) => run.policy === policy);
  const always = median(runsOf("always").map((run) => run.measured.perSecond));
  return FSYNC_POLICIES.filter((policy) => runsOf(policy).length > 0).map((policy) => {
    const runs = runsOf(policy);
    const m = (value: (x: Measured) => number) => median(runs.map((run) => value(run.measured)));
    const perSecond = m((x) => x.perSecond);
    return row([
      `\`${policy}\`${policy === report.fsync ? " (in use)" : ""}`,
      int(perSecond),
      runs.map((run) => int(run.measured.perSecond)).join(" / "),
      ms(m((x) => x.p50Ms)),
      ms(m((x) => x.p99Ms)),
      ms(m((x) => x.redisCpuUs)),
      policy === "always" ? "1.00×" : `${(perSecond / always).toFixed(2)}×`,
      WHAT_IS_LOST[policy],
    ]);
  });
}

export function renderReport(report: Report): string {
  const s = summarize(report);
  const med = (pick: (r: RoundResult) => Measured, value: (m: Measured) => number | null): string => {
    const values = report.rounds.map((r) => value(pick(r)));
    return values.every((v): v is number => v !== null) ? ms(median(values)) : "–";
  };
  const routeRow = (name: string, pick: (r: RoundResult) => Measured): string =>
    row([
      name,
      int(median(report.rounds.map((r) => pick(r).perSecond))),
      report.rounds.map((r) => int(pick(r).perSecond)).join(" / "),
      med(pick, (m) => m.p50Ms),
      med(pick, (m) => m.p99Ms),
      med(pick, (m) => m.serverCpuUs),
      med(pick, (m) => m.redisCpuUs),
    ]);
  const errors = report.rounds.reduce((sum, r) => sum + r.node.errors + r.bare.errors + r.links.errors + (r.baseline?.errors ?? 0), 0);
  const withBaseline = report.baseline !== undefined && report.rounds.every((r) => r.baseline !== undefined);
  const ofBaseline = (r: RoundResult): Measured => r.baseline as Measured;
  const times = (n: number): string => `${n.toFixed(2)}×`;
  const baselineRatios = withBaseline ? report.rounds.map((r) => r.links.perSecond / ofBaseline(r).perSecond) : [];
  const baselineRatio = withBaseline ? median(baselineRatios) : 0;
  const medianOf = (pick: (r: RoundResult) => number | null): number | null => {
    const values = report.rounds.map(pick);
    return values.every((v): v is number => v !== null) ? median(values) : null;
  };
  const appCpu = medianOf((r) => r.links.serverCpuUs);
  const redisCpu = medianOf((r) => r.links.redisCpuUs) ?? 0;
  const bound =
    appCpu === null
      ? ""
      : ` Per click the app's server spent ${ms(appCpu)} µs of CPU and Redis ${ms(redisCpu)} µs: each alone, with a core to itself, would stop at ~${int(1e6 / appCpu)} and ~${int(1e6 / redisCpu)} clicks/s; ` +
        `on this machine the load client, the app and Redis share ${cpus().length} cores, so it is their sum (with the client's own) that sets the pace.`;
  const tripsVerdict = s.roundTripsPerClick <= 1.005 ? "meets" : "MISSES";

  return [
    "# Shortlink redirects: the click, recorded, beside a bare 302",
    "",
    `Command: \`${report.command}\` (what \`npm run bench:links\` runs) · ${report.date}`,
    "",
    `Machine: ${report.machine}. Load average at start: ${report.loadAverage}.`,
    ...(report.baseline ? ["", `Baseline: ${report.baseline}, the app's production server built from that checkout, on the same Redis.`] : []),
    "",
    row(["route", "redirects/s (median)", "per round", "p50 ms", "p99 ms", "app CPU µs / redirect", "Redis CPU µs / redirect"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]),
    routeRow("bare `node:http` 302, no Redis (a process of its own)", (r) => r.node),
    routeRow("bare Next.js 302, no Redis (`/s/bench/bare/{code}`)", (r) => r.bare),
    routeRow("**`/s/{code}`, click recorded** (the app: answered before Next)", (r) => r.links),
    ...(withBaseline ? [routeRow("`/s/{code}`, click recorded, baseline (through Next)", ofBaseline)] : []),
    row([
      "click ÷ bare Next 302",
      `${pct(s.ratio)}`,
      report.rounds.map((r) => pct(r.links.perSecond / r.bare.perSecond)).join(" / "),
      "",
      "",
      s.cpuRatio === null ? "–" : `${pct(s.cpuRatio)} (bare ÷ click)`,
      "",
    ]),
    ...(withBaseline
      ? [
          row([
            `**click ÷ baseline click** (target ≥ ${BASELINE_TARGET}×: ${baselineRatio >= BASELINE_TARGET ? "meets" : "MISSES"})`,
            `**${times(baselineRatio)}**`,
            baselineRatios.map(times).join(" / "),
            "",
            "",
            (() => {
              const baseCpu = medianOf((r) => ofBaseline(r).serverCpuUs);
              return baseCpu === null || appCpu === null ? "–" : `${times(baseCpu / appCpu)} (baseline ÷ click)`;
            })(),
            "",
          ]),
        ]
      : []),
    "",
    `What bounds it:${bound}`,
    "",
    row(["Redis per recorded click", "sent by the app (round trips)", "run inside the script"]),
    row(["---", "---:", "---:"]),
    ...commandRows(report.roundTrips),
    row([`**total** (round trips, target 1: ${tripsVerdict})`, `**${s.roundTripsPerClick.toFixed(3)}**`, perClick(sumCounts(report.roundTrips.inScripts), report.roundTrips.clicks)]),
    "",
    `Round trips were counted with MONITOR over a separate 1 s run (${int(report.roundTrips.clicks)} clicks recorded for ${int(report.roundTrips.redirects)} redirects). Over the timed runs INFO commandstats saw ${s.executedPerClick.toFixed(3)} commands executed per click, script internals included.`,
    "",
    "## What durability costs: the click route under each `appendfsync` policy",
    "",
    row(["appendfsync", "redirects/s (median)", "per round", "p50 ms", "p99 ms", "Redis CPU µs / redirect", "vs always", "lost on a crash"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---"]),
    ...fsyncRows(report),
    "",
    `Same server, same Redis, same link: the policy is switched with \`CONFIG SET appendfsync\` between runs (rotating which goes first each round). Redis fsyncs once per event-loop pass, not per command, so under \`always\` the ${report.concurrency} concurrent clicks share each fsync (group commit). The app's managed Redis uses \`always\` unless \`LIVEKV_REDIS_FSYNC\` says otherwise; e2e/faults-kill-redis.spec.ts kills it with SIGKILL after 1,000 acknowledged clicks and finds all 1,000.`,
    "",
    `Clicks recorded ${int(s.clicksRecorded)} for ${int(s.redirectsSent)} redirects sent${
      s.clicksRecorded === s.redirectsSent ? " (every redirect counted once)" : " (MISMATCH)"
    }; ${int(errors)} requests failed or had another status.`,
    "",
    "Method:",
    `- The app's production server as \`npm start\` runs it (the compiled server.ts: the click is answered on its node:http front, lib/links/redirect-front.ts; the bare route is a Next.js route handler) on 127.0.0.1 (the bench's own build, with the bench-only bare route), against a redis-server of the benchmark's own: append-only file with \`appendfsync ${report.fsync}\` (the app's managed-Redis setting; \`LIVEKV_REDIS_FSYNC\` changes both), keyspace notifications on.`,
    `- Load: ${report.concurrency} keep-alive connections in a separate Node process, each a closed loop of GET → read the whole answer → next GET, redirects not followed, a desktop Chrome User-Agent and a Referer (so every request is a counted click, not a bot hit). ${report.warmupMs / 1000} s warm-up (not counted), then ${report.durationMs / 1000} s measured, per route per round; ${report.rounds.length} round${report.rounds.length === 1 ? "" : "s"}, rotating which route goes first. Figures are medians over rounds; the ratio is the median of each round's ratio; latency is per request, nearest-rank.`,
    "- CPU per redirect: user + system time of the server process (from /proc) and of Redis (INFO cpu) over each run, warm-up included, ÷ the redirects it answered. On a shared machine throughput moves with whatever else runs; CPU per request hardly does, so the CPU ratio says what the throughput ratio would be with a core to spare.",
    "- The shortlink route resolves the link from the process's cache (one Redis read the first time) and records the click in one atomic commit: one `EVALSHA` that checks the link and bumps total, minute, day, referrer, country, browser, OS and device counters and appends to the recent-clicks log.",
    "- Round trips: INFO commandstats also counts each `redis.call` inside a script, so it can't tell what crossed the network. MONITOR can (it names each command's source: a client address or `lua`); it slows Redis down, so it watches a separate 1 s run. Commands the app sent ÷ how far the link's click counter moved in that run. A command is at most one round trip (pipelined ones share one), so this is an upper bound.",
    "- The load generator, the servers and Redis share the machine's cores: on a small machine, the client's own cost weighs on every route alike, and most on the fastest (the bare node:http row is as much the client's limit as the server's).",
    "",
  ].join("\n");
}
