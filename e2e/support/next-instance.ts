// The app's server (server.ts, as `npm start` runs it) on the existing production build, on a
// free port, against a Redis given by URL: for tests that need several app instances (the Playwright webServer is one instance
// with a Redis of its own), the server's own process (its pid) or a lower open-file limit.
// Stopped with SIGTERM, like a deployment would stop it.

import { spawn, type ChildProcess } from "node:child_process";
import { test } from "@playwright/test";
import { startRedisServer, type RedisServer, type RedisServerOptions } from "../../scripts/redis/redis-server";
import { findFreePort } from "../../scripts/redis/free-port";
import { serverArgs, serverEnv } from "../../scripts/server-command";

export interface NextInstance {
  origin: string;
  /** The server's process. */
  pid: number;
  /** Everything it printed (the last 4,000 characters). */
  log(): string;
  stop(): Promise<void>;
}

export interface InstanceOptions {
  /** The server's soft and hard limit on open files (set by a shell's `ulimit -n` before it starts). */
  fileLimit?: number;
  /** Added to the server's environment. */
  env?: Record<string, string>;
}

const START_TIMEOUT_MS = 60_000;

export async function startNextInstance(redisUrl: string, options: InstanceOptions = {}): Promise<NextInstance> {
  const port = await findFreePort();
  const origin = `http://127.0.0.1:${port}`;
  const command = [process.execPath, ...serverArgs("start", port, "127.0.0.1")];
  // exec: the shell becomes the server, so the pid is the server's.
  const [file, ...args] =
    options.fileLimit === undefined ? command : ["/bin/sh", "-c", `ulimit -n ${options.fileLimit} && exec "$@"`, "sh", ...command];
  const child: ChildProcess = spawn(file, args, {
    env: { ...process.env, ...options.env, ...serverEnv("start"), REDIS_URL: redisUrl, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app's server exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return { origin, pid: child.pid ?? 0, log: () => log, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`the app's server on ${origin} was not healthy within ${START_TIMEOUT_MS / 1000} s:\n${log}`);
}

export interface OwnApp {
  readonly redis: RedisServer;
  readonly app: NextInstance;
}

/**
 * For a spec that needs an app and a Redis of its own (to fault them, or to measure them
 * alone): started before the file's tests, stopped after them.
 */
export function useOwnApp(options: InstanceOptions & { redis?: RedisServerOptions } = {}): OwnApp {
  let redis: RedisServer | undefined;
  let app: NextInstance | undefined;
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    redis = await startRedisServer(options.redis);
    app = await startNextInstance(redis.url, options);
  });
  test.afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useOwnApp: used before its beforeAll ran");
    return value;
  };
  return {
    get redis() {
      return started(redis);
    },
    get app() {
      return started(app);
    },
  };
}
