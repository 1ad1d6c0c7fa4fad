// The app as a user starts it: `npm start` on the existing production build,
// with its own data folder, so that a test can stop it by signal, start it again on the same
// port and data, or kill the managed Redis it runs. For restarts and crashes that the shared
// Playwright web server must not suffer.

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isPortFree } from "../../scripts/redis/free-port";

export interface AppProcess {
  origin: string;
  readonly child: ChildProcess;
  /** Everything it printed (the last 20 000 characters). */
  log(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const START_TIMEOUT_MS = 60_000;

export async function startApp(options: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  /** "npm": through `npm start`, as a container or a user starts it (signals reach npm first). */
  via?: "node" | "npm";
}): Promise<AppProcess> {
  const origin = `http://127.0.0.1:${options.port}`;
  // Another server answering there would pass the health check below in this app's place.
  if (!(await isPortFree(options.port))) throw new Error(`port ${options.port} is taken: the app would not be the one answering`);
  const [command, args] =
    options.via === "npm"
      ? ["npm", ["start", "--", "--hostname", "127.0.0.1"]]
      : [process.execPath, ["--import", "tsx", "scripts/run.ts", "start", "--hostname", "127.0.0.1"]];
  const child = spawn(command, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(options.port),
      LIVEKV_DATA_DIR: options.dataDir,
      REDIS_URL: "",
      // One server process unless a spec asks for more (npm start's default is one per core).
      WEB_CONCURRENCY: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // A process group of its own: if it must be killed, Next (its child) goes with it
    // instead of living on as an orphan.
    detached: true,
  });
  let log = "";
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const app: AppProcess = {
    origin,
    child,
    log: () => log,
    exited,
    async stop(signal = "SIGTERM", graceMs = 15_000) {
      if (signal === "SIGKILL") killGroup(); // what it started too, even if it has exited itself
      else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(killGroup, graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return app;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await app.stop("SIGKILL");
  throw new Error(`the app on ${origin} was not healthy within ${START_TIMEOUT_MS / 1000} s:\n${log}`);
}

/** The managed Redis named by the data folder's lock file (null when there is none). */
export function managedRedisOf(dataDir: string): { port: number; redisPid: number } | null {
  try {
    const state = JSON.parse(readFileSync(join(dataDir, "livekv-redis.lock.json"), "utf8")) as { port: number; redisPid: number };
    return { port: state.port, redisPid: state.redisPid };
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
