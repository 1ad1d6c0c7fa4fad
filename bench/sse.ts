// `npm run bench:sse`: how fast a change reaches N SSE clients through the real app (`next
// start` on a Redis of its own), beside — in the same run, with the same load client — a
// Next.js route with no Redis, lib/kv and @deno/kv each behind a plain node:http server with
// one watch per connection, and a bare Node SSE server (the machine's ceiling); polling is
// worked out. Every server and every load
// client is its own process; each scenario gets a fresh server. Writes the table and a chart
// to BENCHMARKS.md and bench/results/sse.png.
//
// The app runs twice: as one process, and as `npm start` runs it by default, one process per
// core behind a primary on one port (measured as all of them: CPU, memory).
//
// With --baseline DIR, another built checkout of the app (an older commit: `git worktree add DIR
// <commit> && cd DIR && npm ci && npm run build`) runs each scenario too, right after the app,
// on the same Redis and load client: its row is "LiveKV app, the --baseline checkout".
//
// Options: --scenarios 1,1k,5k,10k,1k-own  --servers app,app-cores,next,livekv,bare,denokv  --profile (CPU
// profile of the app server, hot spots printed)  --no-write (print only)  --baseline DIR

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startRedisServer } from "../scripts/redis/redis-server";
import { describeMachine, machineLine } from "./machine";
import { hotSpots } from "./sse/profile-summary";
import { ensureBenchBuild } from "./bench-build";
import { childFileLimit, startApp, startBaseline, type ServerProcess } from "./sse/processes";
import { writeResults } from "./sse/write-results";
import { runLoad } from "./sse/run-load";
import { SCENARIOS, SERVER_ORDER, type Scenario, type ScenarioResult, type ServerKind } from "./sse/scenarios";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    scenarios: { type: "string", default: SCENARIOS.map((s) => s.id).join(",") },
    servers: { type: "string", default: SERVER_ORDER.filter((k) => k !== "baseline").join(",") },
    profile: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    baseline: { type: "string" },
  },
});
const baselineDir = values.baseline === undefined ? undefined : resolve(values.baseline);

/** The baseline as the report names it: its folder and, when it is a git checkout, its commit. */
function baselineLabel(dir: string): string {
  const head = spawnSync("git", ["-C", dir, "log", "-1", "--format=%h %s"], { encoding: "utf8" });
  const commit = head.status === 0 ? head.stdout.trim() : "";
  return commit === "" ? dir : `${dir} (${commit.length > 80 ? `${commit.slice(0, 77)}…` : commit})`;
}

// The baseline runs beside the app whenever a checkout is given.
const kinds = SERVER_ORDER.filter((k) => (k === "baseline" ? baselineDir !== undefined : values.servers.split(",").includes(k)));
const started = performance.now();
const loadAtStart = loadavg()[0];
const machine = describeMachine(root);
console.log(`Machine: ${machineLine(machine)}\n`);

// Client and server each hold one descriptor per connection, plus their own handful.
const fileLimit = childFileLimit();
const notes: string[] = [];
if (baselineDir !== undefined) notes.push(`Baseline: ${baselineLabel(baselineDir)}, its production build.`);
const scenarios: Scenario[] = [];
for (const id of values.scenarios.split(",")) {
  const scenario = SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`unknown scenario ${id}; known: ${SCENARIOS.map((s) => s.id).join(", ")}`);
  if (scenario.clients + 200 > fileLimit) notes.push(`${id}: skipped, the open-files limit (${fileLimit}) is below ${scenario.clients + 200}`);
  else scenarios.push(scenario);
}

await ensureBenchBuild(root);
const redis = await startRedisServer();
const profileDir = values.profile ? mkdtempSync(join(tmpdir(), "livekv-bench-sse-prof-")) : null;
// Baselines send frames the size of the app's stats event; learned from the app's first run.
let frameBytes = 0;
const FALLBACK_FRAME_BYTES = 5_600;
const results: ScenarioResult[] = [];
const failures: string[] = [];

async function startServer(kind: ServerKind): Promise<ServerProcess> {
  switch (kind) {
    case "app":
    case "baseline":
    case "app-cores":
      return startApp(root, redis.url, {
        checkout: kind === "baseline" ? baselineDir : undefined,
        // The load client creates 1,000 links and opens up to 10,000 streams from one address
        // (127.0.0.1): past the rate limits and the per-address stream cap (and with it the
        // per-address connection cap, which stays 100 above it).
        env: {
          LIVEKV_RATE_LIMIT_FACTOR: "1000",
          LIVEKV_SSE_MAX_PER_ADDRESS: "1000000",
          WEB_CONCURRENCY: String(kind === "app-cores" ? availableParallelism() : 1),
        },
        nodeArgs: profileDir && kind === "app" ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
      });
    case "next":
      // Its streams are ordinary requests to Next, counted only by the per-address connection cap.
      return startApp(root, redis.url, { env: { LIVEKV_CONNECTIONS_MAX_PER_ADDRESS: "1000000" } });
    case "livekv":
      return startBaseline(root, "livekv-server.ts", frameBytes || FALLBACK_FRAME_BYTES, { REDIS_URL: redis.url });
    case "bare":
      return startBaseline(root, "bare-server.ts", frameBytes || FALLBACK_FRAME_BYTES);
    case "denokv":
      return startBaseline(root, "denokv-server.ts", frameBytes || FALLBACK_FRAME_BYTES);
  }
}

try {
  for (const scenario of scenarios) {
    for (const kind of kinds) {
      process.stderr.write(`${scenario.id} ${kind}… `);
      const runStart = performance.now();
      let server: ServerProcess | undefined;
      try {
        server = await startServer(kind);
        const result = await runLoad(root, {
          kind,
          target: { host: server.host, port: server.port },
          serverPid: server.pid,
          redisPid: kind === "livekv" || kind === "app" || kind === "baseline" || kind === "app-cores" ? redis.pid : null,
          scenario,
          frameBytes: frameBytes || FALLBACK_FRAME_BYTES,
        });
        if (kind === "app" && frameBytes === 0) frameBytes = result.frameBytes;
        results.push(result);
        const seconds = ((performance.now() - runStart) / 1000).toFixed(0);
        process.stderr.write(`p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, lost ${result.lost} (${seconds} s)\n`);
      } catch (error) {
        // One failed run leaves dashes in its cells; the rest of the table is still worth having.
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${scenario.id} ${kind}: ${message}`);
        process.stderr.write(`FAILED: ${message}\n`);
      } finally {
        await server?.stop();
      }
    }
  }
} finally {
  await redis.stop();
}

if (profileDir) {
  for (const file of readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"))) {
    console.log(`\nApp server hot spots (self time), ${file}:`);
    for (const spot of hotSpots(join(profileDir, file), 25)) {
      console.log(`${spot.ms.toFixed(0).padStart(7)} ms ${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.name}`);
    }
  }
  rmSync(profileDir, { recursive: true, force: true });
}

const report = writeResults({
  root,
  results,
  failures,
  notes,
  machine: machineLine(machine),
  cores: machine.cores,
  frameBytes: frameBytes || FALLBACK_FRAME_BYTES,
  loadAtStart,
  loadAtEnd: loadavg()[0],
  seconds: (performance.now() - started) / 1000,
  write: !values["no-write"],
});
console.log(report);
