// `npm run bench:links`: redirects per second of GET /s/{code} (with its click recorded)
// beside a bare Next.js 302 that touches no Redis, on the same server in the same run, and a
// bare node:http 302 in a process of its own; the Redis round trips each click costs, and
// what each append-only fsync policy costs the click (same server, same Redis, policy
// switched with CONFIG SET between runs). With --baseline DIR, another built checkout of the
// app (an older commit: `git worktree add DIR <commit> && cd DIR && npm ci && npm run build`)
// runs beside it on the same Redis, and its /s/{code} is measured in the same rounds. Prints
// the table and writes bench/results/links.md.
//
// Options: --concurrency 32 --duration 5 (s) --warmup 2 (s) --rounds 3 --baseline DIR

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRedis } from "../lib/redis/connect";
import { startRedisServer } from "../scripts/redis/redis-server";
import type { Redis } from "ioredis";
import { startApp, startBareNode, ensureBuild, type AppServer } from "./links/app-server";
import { commandDelta, readCommandStats } from "./links/commandstats";
import type { LoadOptions, LoadResult } from "./links/load";
import { FSYNC_POLICIES, renderReport, type FsyncRun, type Measured, type Report, type RoundResult } from "./links/report";
import { cpuSeconds } from "./links/process-cpu";
import { countCommands } from "./links/round-trips";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    concurrency: { type: "string", default: "32" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    baseline: { type: "string" },
  },
});
const baselineDir = values.baseline === undefined ? undefined : resolve(values.baseline);
const concurrency = Number(values.concurrency);
const durationMs = Number(values.duration) * 1000;
const warmupMs = Number(values.warmup) * 1000;
const roundCount = Number(values.rounds);
const loadAtStart = loadavg().map((n) => n.toFixed(2)).join(" ");

// Where the short link leads. Never fetched: the load generator doesn't follow redirects.
const TARGET = "https://example.com/landing?utm_source=bench";
const CLIENT_HEADERS = {
  "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  referer: "https://news.example.org/item?id=1",
  accept: "text/html",
};

/** The baseline as the report names it: its folder and, when it is a git checkout, its commit. */
function baselineLabel(dir: string): string {
  const head = spawnSync("git", ["-C", dir, "log", "-1", "--format=%h %s"], { encoding: "utf8" });
  const commit = head.status === 0 ? head.stdout.trim() : "";
  return commit === "" ? dir : `${dir} (${commit.length > 80 ? `${commit.slice(0, 77)}…` : commit})`;
}

function log(message: string): void {
  process.stderr.write(`[bench:links] ${message}\n`);
}

/** One load run in a child process (bench/links/load-child.ts). */
function load(origin: string, path: string, warmup: number, duration = durationMs): Promise<LoadResult> {
  const options: LoadOptions = { origin, path, concurrency, warmupMs: warmup, durationMs: duration, headers: CLIENT_HEADERS };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench/links/load-child.ts"), JSON.stringify(options)], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`load child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "") as LoadResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const field = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field("used_cpu_user") + field("used_cpu_sys");
}

/** A load run with the CPU the app server and Redis spent on it, per redirect. */
async function measure(app: AppServer, redis: Redis, path: string): Promise<Measured> {
  const serverBefore = cpuSeconds(app.pid);
  const redisBefore = await redisCpuSeconds(redis);
  const result = await load(app.origin, path, warmupMs);
  const serverAfter = cpuSeconds(app.pid);
  const redisAfter = await redisCpuSeconds(redis);
  // Warm-up requests are in the CPU figures too, so they divide by every redirect sent.
  const requests = Math.max(result.okIncludingWarmup, 1);
  return {
    ...result,
    serverCpuUs: serverBefore === null || serverAfter === null ? null : ((serverAfter - serverBefore) / requests) * 1e6,
    redisCpuUs: ((redisAfter - redisBefore) / requests) * 1e6,
  };
}

async function clicksOf(origin: string, code: string): Promise<number> {
  const response = await fetch(`${origin}/api/links/${code}`);
  if (!response.ok) throw new Error(`GET /api/links/${code} answered ${response.status}`);
  return ((await response.json()) as { clicks: number }).clicks;
}

// The app's managed Redis fsyncs every write unless LIVEKV_REDIS_FSYNC says otherwise
// (scripts/redis/managed.ts); the benchmark's Redis follows the same setting, so it measures
// what the app runs with.
const fsyncSetting = process.env.LIVEKV_REDIS_FSYNC || "always";
if (fsyncSetting !== "always" && fsyncSetting !== "everysec" && fsyncSetting !== "no") {
  throw new Error(`LIVEKV_REDIS_FSYNC must be always, everysec or no, not "${fsyncSetting}"`);
}
const fsync = fsyncSetting;

await ensureBuild(root);
const redisServer = await startRedisServer({ appendOnly: true, appendFsync: fsync });
const redis = createRedis(redisServer.url, { connectionName: "bench-links" });
// The load is one address (127.0.0.1) clicking one link thousands of times a second: past the
// per-address click rate, which would count the clicks as bot hits, so it is raised out of
// the way (the check itself still runs, as it does for every click from a known address), and
// so is the per-address connection cap, for any --concurrency.
const appEnv = {
  REDIS_URL: redisServer.url,
  LIVEKV_BENCH_TARGET: TARGET,
  LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR: "1000000",
  LIVEKV_CONNECTIONS_MAX_PER_ADDRESS: "1000000",
};
const app = await startApp(root, appEnv);
const bareNode = await startBareNode(root, TARGET);
// The same Redis (and keyspace): each server clicks a link of its own, one after the other.
const baseline = baselineDir === undefined ? undefined : await startApp(root, appEnv, baselineDir);

async function createLinkOn(server: AppServer): Promise<string> {
  const created = await fetch(`${server.origin}/api/links`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: TARGET }),
  });
  if (created.status !== 201) throw new Error(`creating the link answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { code: string }).code;
}

try {
  log(`app at ${app.origin}, bare node:http at ${bareNode.origin}${baseline ? `, baseline ${baselineDir} at ${baseline.origin}` : ""}, Redis at ${redisServer.url}`);
  const bare = await fetch(`${app.origin}/s/bench/bare/x`, { redirect: "manual" });
  if (bare.status !== 302) {
    throw new Error(`the bare route answered ${bare.status}: is .next-bench a bench build (LIVEKV_BENCH=1)?`);
  }
  const code = await createLinkOn(app);
  const linkPath = `/s/${code}`;
  const barePath = `/s/bench/bare/${code}`;
  const baselineCode = baseline ? await createLinkOn(baseline) : "";
  const baselinePath = `/s/${baselineCode}`;

  // First contact for every route (JIT, route modules, the link cache), not measured.
  log("warming up…");
  await load(bareNode.origin, linkPath, warmupMs);
  await load(app.origin, barePath, warmupMs);
  await load(app.origin, linkPath, warmupMs);
  if (baseline) await load(baseline.origin, baselinePath, warmupMs);

  const rounds: RoundResult[] = [];
  const kinds = baseline ? (["node", "bare", "links", "baseline"] as const) : (["node", "bare", "links"] as const);
  for (let i = 0; i < roundCount; i += 1) {
    // Rotate the order, so no route always runs on a warmer (or more throttled) machine.
    const order = kinds.map((_, k) => kinds[(k + i) % kinds.length]);
    const round: Partial<RoundResult> = {};
    for (const which of order) {
      log(`round ${i + 1}/${roundCount}: ${which}`);
      if (which === "node") {
        round.node = await measure(bareNode, redis, linkPath);
      } else if (which === "bare") {
        round.bare = await measure(app, redis, barePath);
      } else if (which === "baseline" && baseline) {
        const clicksBefore = await clicksOf(baseline.origin, baselineCode);
        round.baseline = await measure(baseline, redis, baselinePath);
        round.baselineClicksRecorded = (await clicksOf(baseline.origin, baselineCode)) - clicksBefore;
      } else {
        const clicksBefore = await clicksOf(app.origin, code);
        const before = await readCommandStats(redis);
        round.links = await measure(app, redis, linkPath);
        const after = await readCommandStats(redis);
        round.clicksRecorded = (await clicksOf(app.origin, code)) - clicksBefore;
        round.commands = commandDelta(before, after);
      }
    }
    const { links } = round;
    const show = (m: Measured | undefined) => (m ? `${Math.round(m.perSecond)}/s` : "–");
    log(`  node ${show(round.node)}, bare Next ${show(round.bare)}, click ${show(links)}${baseline ? `, baseline click ${show(round.baseline)}` : ""}`);
    rounds.push(round as RoundResult);
  }

  // The durability knob's price: the click route under each appendfsync policy. Rotated
  // order per round, so no policy always runs first (or on a warmer machine).
  const fsyncRuns: FsyncRun[] = [];
  for (let i = 0; i < roundCount; i += 1) {
    const order = FSYNC_POLICIES.map((_, k) => FSYNC_POLICIES[(k + i) % FSYNC_POLICIES.length]);
    for (const policy of order) {
      await redis.config("SET", "appendfsync", policy);
      log(`fsync round ${i + 1}/${roundCount}: appendfsync ${policy}`);
      const clicksBefore = await clicksOf(app.origin, code);
      const measured = await measure(app, redis, linkPath);
      const recorded = (await clicksOf(app.origin, code)) - clicksBefore;
      fsyncRuns.push({ policy, round: i, measured, clicksRecorded: recorded });
    }
  }
  await redis.config("SET", "appendfsync", fsync);

  // Round trips, apart from the timed runs: MONITOR slows Redis down.
  log("counting round trips per click (MONITOR)…");
  const clicksBefore = await clicksOf(app.origin, code);
  const monitorClient = createRedis(redisServer.url, { connectionName: "bench-links-monitor" });
  let accounted: LoadResult | undefined;
  // Closed after use: a client left open would keep this process alive, retrying, once Redis stops.
  const commands = await countCommands(monitorClient, async () => {
    accounted = await load(app.origin, linkPath, 0, 1_000);
  }).finally(() => monitorClient.disconnect());
  const clicks = (await clicksOf(app.origin, code)) - clicksBefore;
  if (!accounted) throw new Error("the round-trip run did not finish");

  const redisVersion = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "?";
  const nextVersion = (await import("next/package.json", { with: { type: "json" } })).default.version;
  const cpu = cpus();
  const report: Report = {
    command: `npx tsx bench/links.ts --concurrency ${concurrency} --duration ${durationMs / 1000} --warmup ${warmupMs / 1000} --rounds ${roundCount}`,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    machine: `${cpu[0]?.model.trim() ?? "?"}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}; Node ${process.version}; Next.js ${nextVersion}; redis-server ${redisVersion}`,
    loadAverage: loadAtStart,
    fsync,
    concurrency,
    warmupMs,
    durationMs,
    baseline: baselineDir === undefined ? undefined : baselineLabel(baselineDir),
    rounds,
    fsyncRuns,
    roundTrips: { ...commands, clicks, redirects: accounted.okIncludingWarmup },
  };
  const markdown = renderReport(report);
  console.log("\n" + markdown);
  const out = join(root, "bench/results/links.md");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  log(`written to ${out}`);
} finally {
  await app.stop();
  await bareNode.stop();
  await baseline?.stop();
  redis.disconnect();
  await redisServer.stop();
}
