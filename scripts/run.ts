// `npm run dev` and `npm start`: the app's server (server.ts: Next.js with the live-stream
// front) plus, when REDIS_URL is unset, the managed local Redis it needs, so a fresh clone
// runs with no set-up. Stops Redis when the server exits and forwards Ctrl-C / SIGTERM so
// nothing is left running. Both build @livekv/server (lib/'s server side, which `npm install`
// deletes) first; in development it is rebuilt on every change to lib/, and the server
// restarted. `npm start` runs one server process per core on the port unless WEB_CONCURRENCY
// says how many (1: a single process); development runs one.
//
// package.json runs this file as `node --import tsx`, not through tsx's CLI: that CLI is a
// relay process which SIGKILLs its child when the child does not confirm a signal within
// 30 ms, so a SIGTERM on a busy machine would orphan the servers and Redis started here.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, constants } from "node:os";
import { join } from "node:path";
import { redactUrl } from "@/lib/redis/connect";
import { serverProcessCount } from "@/lib/server/web-concurrency";
import { startManagedRedis, type ManagedRedis } from "./redis/managed";
import { preflightRedis } from "@/lib/redis/preflight";
import { preflightRedisCluster } from "@/lib/redis/preflight-cluster";
import { redisTargetFromEnv, RedisTargetError, type RedisTarget } from "@/lib/server/redis-target";
import { RedisServerNotFoundError } from "./redis/redis-binary";
import { buildLib, libBuilt, watchLib } from "./build-lib";
import { buildDir, buildServer, serverBundle } from "./build-server";
import { serverArgs, serverEnv } from "./server-command";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

let current: ChildProcess | null = null;
let stopping: NodeJS.Signals | null = null;

function log(message: string): void {
  console.error(`[livekv] ${message}`);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", env });
    current = child;
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      current = null;
      resolve({ code, signal });
    });
  });
}

function exitCode(result: { code: number | null; signal: NodeJS.Signals | null }): number {
  // A child that died of a signal we forwarded was asked to stop: that is success (so is
  // 128 + the signal's number, how some runtimes report the same).
  if (stopping && (result.signal === stopping || result.code === 128 + constants.signals[stopping])) return 0;
  if (result.code !== null) return result.code;
  return 1;
}

async function main(): Promise<number> {
  const mode = process.argv[2];
  if (mode !== "dev" && mode !== "start") {
    log("usage: node --import tsx scripts/run.ts dev|start [--port N] [--hostname H]");
    return 2;
  }
  const extra = process.argv.slice(3);
  const env: NodeJS.ProcessEnv = { ...process.env };
  const port = env.PORT || "3000";
  env.PORT = port;
  if (mode === "start") {
    // A wrong value stops here, before Redis is started for nothing.
    const processes = env.WEB_CONCURRENCY?.trim() ? serverProcessCount(env.WEB_CONCURRENCY) : availableParallelism();
    env.WEB_CONCURRENCY = String(processes);
  }

  for (const signal of FORWARDED) {
    process.on(signal, () => {
      stopping = signal;
      if (current) current.kill(signal);
    });
  }

  let target: RedisTarget | null;
  try {
    target = redisTargetFromEnv(env);
  } catch (error) {
    if (!(error instanceof RedisTargetError)) throw error;
    log(error.message);
    return 1;
  }

  let managed: ManagedRedis | null = null;
  if (target?.kind === "cluster") {
    log(`using the Redis Cluster REDIS_CLUSTER_NODES=${target.nodes.join(",")}`);
    // Notifications are checked (and turned on where allowed) on every node.
    const preflight = await preflightRedisCluster(target.nodes);
    if (!preflight.ok) {
      log(preflight.message);
      if (preflight.fatal) return 1;
    }
  } else if (!target) {
    try {
      managed = await startManagedRedis();
    } catch (error) {
      if (error instanceof RedisServerNotFoundError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    }
    env.REDIS_URL = managed.url;
    log(`Redis ${managed.owner ? "started" : "reused"} at ${managed.url} (data in ${managed.dataDir})`);
  } else {
    env.REDIS_URL = target.url;
    log(`using REDIS_URL=${redactUrl(env.REDIS_URL)}`);
    // Fail now, with the setting to change, rather than serve pages that never update.
    const preflight = await preflightRedis(env.REDIS_URL);
    if (!preflight.ok) {
      log(preflight.message);
      if (preflight.fatal) return 1;
    }
  }

  try {
    if (stopping) return 0;
    // server.ts takes the last --port given.
    const args = [...serverArgs(mode, port), ...extra];
    const serverEnvironment = { ...env, ...serverEnv(mode) };
    if (mode === "dev") return await runDev(args, serverEnvironment);
    if (!libBuilt()) await buildLib();
    if (!existsSync(join(buildDir(), "BUILD_ID"))) {
      log("no production build yet: running next build first");
      const build = await run([nextBin, "build"], env);
      if (build.code !== 0 || stopping) return exitCode(build);
    }
    // A build made by `next build` alone (or before the server was compiled) lacks it.
    if (!existsSync(serverBundle())) await buildServer();
    return exitCode(await run(args, serverEnvironment));
  } finally {
    await managed?.stop();
  }
}

/**
 * Development: @livekv/server rebuilt from lib/ on every change and the server restarted
 * after each rebuild (Node cannot load a module it has loaded again). Edits to app/ and
 * components/ hot-reload through Next as usual; pages reconnect their streams by themselves.
 */
async function runDev(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let restart = false;
  const stopWatching = await watchLib(() => {
    if (stopping) return;
    restart = true;
    log("lib/ changed: restarting the server");
    current?.kill("SIGTERM");
  });
  try {
    for (;;) {
      restart = false;
      const result = await run(args, env);
      if (stopping || !restart) return exitCode(result);
    }
  } finally {
    await stopWatching();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
