// The servers under test, each a child process of the orchestrator: the app's server
// (server.ts, as `npm start` runs it, on the bench's own Redis), the bare broadcast server and the @deno/kv server. Every child
// runs with its open-files limit raised to the hard limit: 10,000 sockets need it.

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { findFreePort } from "../../scripts/redis/free-port";
import { serverArgs, serverEnv } from "../../scripts/server-command";
import { LISTENING_PREFIX } from "./baseline-frame";
import { GC_SIGNAL } from "./proc";

export interface ServerProcess {
  host: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

// Every server collects all garbage on GC_SIGNAL, so the load client can read its RSS with
// only live memory in it: without this, memory per connection would count whatever garbage
// the opening left behind. No file to ship: the hook is a data: URL module.
const GC_ON_SIGNAL = ["--expose-gc", "--import", `data:text/javascript,process.on("${GC_SIGNAL}",()=>globalThis.gc())`];

/** `sh -c 'ulimit -n <hard>; exec node …'`: the same node, with as many descriptors as allowed. */
export function spawnNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; stdout: "pipe" | "inherit" }): ChildProcess {
  return spawn("/bin/sh", ["-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', "sh", process.execPath, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", options.stdout, "inherit"],
  });
}

/** The open-files limit a child gets. */
export function childFileLimit(): number {
  const text = execFileSync("/bin/sh", ["-c", "ulimit -Hn"], { encoding: "utf8" }).trim();
  return text === "unlimited" ? Number.POSITIVE_INFINITY : Number(text);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
}

/**
 * The app's server on a free port. `env` adds to the environment (the bench's build: bench/bench-build.ts); `nodeArgs` go to the next-server's node, e.g. ["--cpu-prof"].
 * `checkout`: another built checkout of the app (an older commit), whose production build runs instead.
 */
export async function startApp(
  root: string,
  redisUrl: string,
  options: { env?: Record<string, string>; nodeArgs?: string[]; checkout?: string } = {},
): Promise<ServerProcess> {
  const nodeArgs = options.nodeArgs ?? [];
  const port = await findFreePort();
  const args = serverArgs("start", port, "127.0.0.1");
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, ...serverEnv("start"), REDIS_URL: redisUrl, PORT: String(port) };
  if (options.checkout !== undefined) {
    // Its production build (`npm run build` there), not the bench's build of this checkout.
    args[0] = join(options.checkout, ".next", "livekv", "server.mjs");
    delete env.LIVEKV_BENCH;
  }
  const child = spawnNode([...GC_ON_SIGNAL, ...nodeArgs, ...args], {
    cwd: options.checkout ?? root,
    env,
    stdout: "pipe",
  });
  child.stdout?.resume();
  const stop = stopper(child);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app's server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
        // exec keeps the pid: the shell became node, which runs server.ts.
        return { host: "127.0.0.1", port, pid: child.pid ?? 0, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error("the app's server did not become healthy in time");
}

export function startBaseline(
  root: string,
  file: "bare-server.ts" | "denokv-server.ts" | "livekv-server.ts",
  frameBytes: number,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawnNode([...GC_ON_SIGNAL, "--import", "tsx", join(root, "bench", "sse", file), String(frameBytes)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdout: "pipe",
  });
  const stop = stopper(child);
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${file} did not start in time`));
    }, START_TIMEOUT_MS);
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      text += chunk;
      const line = text.split("\n").find((l) => l.startsWith(LISTENING_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      resolve({ host: "127.0.0.1", port: Number(line.slice(LISTENING_PREFIX.length)), pid: child.pid ?? 0, stop });
    });
  });
}
