// The systems under test: the app's production server (server.ts, as `npm start` runs it) on
// a free port, against a Redis of the benchmark's own, on the bench's build (with the
// bench-only baseline route: bench/bench-build.ts); optionally another built checkout's
// production server beside it; and a bare node:http 302.

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { findFreePort } from "../../scripts/redis/free-port";
import { ensureBenchBuild } from "../bench-build";
import { serverArgs, serverEnv } from "../../scripts/server-command";

export interface AppServer {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}


export function ensureBuild(root: string): Promise<void> {
  return ensureBenchBuild(root);
}

async function waitForHealth(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app's server exited (${child.exitCode}):\n${log()}`);
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app's server did not become healthy within 60 s:\n${log()}`);
}

/**
 * The production server of the project at `root`, or of another built checkout of it
 * (`checkout`: e.g. an older commit, to measure it beside this one in the same run).
 */
export async function startApp(root: string, env: Record<string, string>, checkout?: string): Promise<AppServer> {
  const port = await findFreePort();
  const origin = `http://127.0.0.1:${port}`;
  const args = serverArgs("start", port, "127.0.0.1");
  // Another checkout runs its production build (the bench's own build is this checkout's).
  if (checkout !== undefined) args[0] = join(checkout, ".next", "livekv", "server.mjs");
  const child = spawn(process.execPath, args, {
    cwd: checkout ?? root,
    env: { ...process.env, ...env, ...serverEnv("start"), PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Never leave a server behind, however this process ends.
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);

  try {
    await waitForHealth(origin, child, () => lines.join("\n"));
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    origin,
    pid: child.pid ?? 0,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The bare node:http 302 (bare-node-server.ts) in a child process of its own. */
export async function startBareNode(root: string, location: string): Promise<AppServer> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench/links/bare-node-server.ts"), location], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => resolve(Number(chunk.toString("utf8").trim())));
    child.once("exit", (code) => reject(new Error(`the bare node:http server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    async stop() {
      process.removeListener("exit", killOnExit);
      child.kill("SIGKILL");
    },
  };
}
