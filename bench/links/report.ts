// The benchmark's table, as Markdown: printed to the terminal and written to
// bench/results/links.md, so the numbers and how they were made travel together.

import type { CommandCounts } from "./commandstats";
import { sumCounts } from "./commandstats";
import type { LoadResult } from "./load";
import type { RoundTripCount } from "./round-trips";

export interface RoundResult {
  bare: LoadResult;
  links: LoadResult;
  /** The link's click counter moved by this much during the shortlink run. */
  clicksRecorded: number;
  /** Redis commands during the shortlink run (INFO commandstats delta). */
  commands: CommandCounts;
}

export interface Report {
  command: string;
  date: string;
  machine: string;
  loadAverage: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  rounds: RoundResult[];
  /** The MONITOR-watched run: what the app sent Redis for `clicks` clicks. */
  roundTrips: RoundTripCount & { clicks: number; redirects: number };
}

const RATIO_TARGET = 0.7;

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const ms = (n: number): string => n.toFixed(n < 10 ? 2 : 1);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Summary {
  bare: number;
  links: number;
  ratio: number;
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
  return {
    bare,
    links,
    ratio: links / bare,
    executedPerClick: sumCounts(totals) / Math.max(clicksRecorded, 1),
    roundTripsPerClick: sumCounts(roundTrips.fromClients) / Math.max(roundTrips.clicks, 1),
    clicksRecorded,
    redirectsSent,
  };
}

function perClick(n: number, clicks: number): string {
  return n === 0 ? "–" : (n / Math.max(clicks, 1)).toFixed(3);
}

function commandRows(count: Report["roundTrips"]): string[] {
  const names = [...new Set([...Object.keys(count.fromClients), ...Object.keys(count.inScripts)])];
  const sent = (name: string): number => count.fromClients[name] ?? 0;
  const inside = (name: string): number => count.inScripts[name] ?? 0;
  names.sort((a, b) => sent(b) - sent(a) || inside(b) - inside(a) || a.localeCompare(b));
  return names.map((name) => row([`\`${name}\``, perClick(sent(name), count.clicks), perClick(inside(name), count.clicks)]));
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function renderReport(report: Report): string {
  const s = summarize(report);
  const perRound = (pick: (r: RoundResult) => LoadResult): string =>
    report.rounds.map((r) => int(pick(r).perSecond)).join(" / ");
  const p = (pick: (r: RoundResult) => LoadResult, key: "p50Ms" | "p99Ms"): string =>
    ms(median(report.rounds.map((r) => pick(r)[key])));
  const errors = report.rounds.reduce((sum, r) => sum + r.bare.errors + r.links.errors, 0);
  const verdict = s.ratio >= RATIO_TARGET ? "meets" : "MISSES";
  const tripsVerdict = s.roundTripsPerClick <= 1.005 ? "meets" : "MISSES";

  return [
    "# Shortlink redirects: click recording vs a bare 302",
    "",
    `Command: \`${report.command}\` (what \`npm run bench:links\` runs) · ${report.date}`,
    "",
    `Machine: ${report.machine}. Load average at start: ${report.loadAverage}.`,
    "",
    row(["route", "redirects/s (median)", "per round", "p50 ms", "p99 ms"]),
    row(["---", "---:", "---:", "---:", "---:"]),
    row(["bare 302, no Redis (`/api/bench/bare-redirect/{code}`)", int(s.bare), perRound((r) => r.bare), p((r) => r.bare, "p50Ms"), p((r) => r.bare, "p99Ms")]),
    row(["`/s/{code}`, click recorded", int(s.links), perRound((r) => r.links), p((r) => r.links, "p50Ms"), p((r) => r.links, "p99Ms")]),
    row([`**ratio** (target ≥ ${RATIO_TARGET * 100}%: ${verdict})`, `**${(s.ratio * 100).toFixed(0)}%**`, report.rounds.map((r) => `${((r.links.perSecond / r.bare.perSecond) * 100).toFixed(0)}%`).join(" / "), "", ""]),
    "",
    row(["Redis per recorded click", "sent by the app (round trips)", "run inside the script"]),
    row(["---", "---:", "---:"]),
    ...commandRows(report.roundTrips),
    row([`**total** (round trips, target 1: ${tripsVerdict})`, `**${s.roundTripsPerClick.toFixed(3)}**`, perClick(sumCounts(report.roundTrips.inScripts), report.roundTrips.clicks)]),
    "",
    `Round trips were counted with MONITOR over a separate 1 s run (${int(report.roundTrips.clicks)} clicks recorded for ${int(report.roundTrips.redirects)} redirects). Over the timed runs INFO commandstats saw ${s.executedPerClick.toFixed(3)} commands executed per click, script internals included.`,
    "",
    `Clicks recorded ${int(s.clicksRecorded)} for ${int(s.redirectsSent)} redirects sent${
      s.clicksRecorded === s.redirectsSent ? " (every redirect counted once)" : " (MISMATCH)"
    }; ${int(errors)} requests failed or had another status.`,
    "",
    "Method:",
    `- One \`next start\` (production build, NODE_ENV=production) on 127.0.0.1 with \`LIVEKV_BENCH=1\`, against a redis-server of the benchmark's own (append-only file, fsync every second, keyspace notifications on, as the app's managed Redis).`,
    `- Load: ${report.concurrency} keep-alive connections in a separate Node process, each a closed loop of GET → read the whole answer → next GET, redirects not followed, a desktop Chrome User-Agent and a Referer (so every request is a counted click, not a bot hit). ${report.warmupMs / 1000} s warm-up (not counted), then ${report.durationMs / 1000} s measured, per route per round; ${report.rounds.length} round${report.rounds.length === 1 ? "" : "s"}, alternating which route goes first. Figures are medians over rounds; latency is per request, nearest-rank.`,
    "- The shortlink route resolves the link from the process's cache (one Redis read the first time) and records the click in one atomic commit: one `EVALSHA` that checks the link and bumps total, minute, day, referrer, country, browser, OS and device counters and appends to the recent-clicks log.",
    "- Round trips: INFO commandstats also counts each `redis.call` inside a script, so it can't tell what crossed the network. MONITOR can (it names each command's source: a client address or `lua`); it slows Redis down, so it watches a separate 1 s run. Commands the app sent ÷ how far the link's click counter moved in that run. A command is at most one round trip (pipelined ones share one), so this is an upper bound.",
    "- The load generator, Next and Redis share the machine's cores: on a small machine, the client's own cost weighs on both routes alike.",
    "",
  ].join("\n");
}
