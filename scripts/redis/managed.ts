// The Redis the app runs on when no REDIS_URL is given: a real redis-server from PATH,
// data under .data/redis with the append-only file on (fsynced on every write by default:
// what the app acknowledged survives a crash of Redis or of the machine), keyspace
// notifications on,
// supervised, and stopped with the app. Several app processes on one data folder share
// one server (the lock in the folder says whose), never start a second.

import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import {
  lockPath,
  ownState,
  readLock,
  releaseLockSync,
  removeStaleLock,
  tryCreateLock,
  updateLock,
} from "./data-dir-lock";
import { probeRedis } from "../../lib/redis/ping";
import { isProcessAlive } from "./process-alive";
import { findRedisServer } from "./redis-binary";
import { DEFAULT_NOTIFICATIONS, startRedisServer, type RedisServer } from "./redis-server";
import { superviseRedis } from "./supervisor";

type Fsync = "always" | "everysec" | "no";

export interface ManagedRedisOptions {
  /** Default: LIVEKV_DATA_DIR, else .data/redis (relative to the working directory). */
  dataDir?: string;
  /**
   * Default: LIVEKV_REDIS_FSYNC, else always — each write reaches the disk before Redis
   * acknowledges it. everysec trades up to a second or two of acknowledged writes on an OS
   * crash (or a stalled disk) for throughput; bench:links measures both.
   */
  appendFsync?: Fsync;
  log?: (message: string) => void;
  /** How long to wait for another owner's Redis to answer before giving up. */
  ownerWaitMs?: number;
  /** How often a process reusing another's Redis checks that its owner lives. */
  followIntervalMs?: number;
}

export interface ManagedRedis {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** True when this process runs the server; false while it reuses another app's. */
  readonly owner: boolean;
  stop(): Promise<void>;
}

const FSYNC_VALUES: readonly Fsync[] = ["always", "everysec", "no"];

function fsyncFromEnv(value: string | undefined): Fsync {
  if (value === undefined || value === "") return "always";
  if ((FSYNC_VALUES as readonly string[]).includes(value)) return value as Fsync;
  throw new Error(`LIVEKV_REDIS_FSYNC must be one of ${FSYNC_VALUES.join(", ")}, not "${value}"`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class ManagedRedisHandle implements ManagedRedis {
  owner = false;
  private server: RedisServer | null = null;
  private stopSupervising: () => void = () => undefined;
  private followTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly releaseOnExit = (): void => releaseLockSync(this.dataDir);

  constructor(
    readonly dataDir: string,
    /** undefined until own() picks a free one. */
    private fixedPort: number | undefined,
    private readonly fsync: Fsync,
    private readonly log: (message: string) => void,
    private readonly followIntervalMs: number,
  ) {}

  get port(): number {
    if (this.fixedPort === undefined) throw new Error("managed Redis has no port before it starts");
    return this.fixedPort;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Called with the lock already created by this process. */
  async own(): Promise<void> {
    const server = await startRedisServer({
      dir: this.dataDir,
      port: this.fixedPort,
      appendOnly: true,
      appendFsync: this.fsync,
      notifications: DEFAULT_NOTIFICATIONS,
    });
    this.server = server;
    this.fixedPort = server.port;
    this.owner = true;
    process.on("exit", this.releaseOnExit);
    const record = (): Promise<void> => updateLock(this.dataDir, ownState(server.port, server.pid));
    await record();
    this.stopSupervising = superviseRedis(server, {
      log: this.log,
      onRestart: () => void record().catch(() => undefined),
    });
  }

  /** Reusing another process's server: take it over (same port) if that process dies. */
  follow(): void {
    const check = async (): Promise<void> => {
      const read = await readLock(this.dataDir);
      const state = read?.state;
      if (state && isProcessAlive(state.ownerPid, state.ownerStart)) {
        if (state.port !== null && state.port !== this.port) {
          this.log(`the Redis for ${this.dataDir} moved to port ${state.port}; this process still points at ${this.port}`);
        }
        return;
      }
      if (read) await removeStaleLock(this.dataDir, read.text);
      if (this.stopped || !(await tryCreateLock(this.dataDir, ownState(null, null)))) return;
      this.log(`the process that ran Redis for ${this.dataDir} is gone; taking over on port ${this.port}`);
      try {
        await this.own();
      } catch (error) {
        releaseLockSync(this.dataDir);
        throw error;
      }
    };
    const tick = (): void => {
      this.followTimer = null;
      if (this.stopped || this.owner) return;
      check()
        .catch((error: unknown) => this.log(`could not take over Redis: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (!this.stopped && !this.owner) {
            this.followTimer = setTimeout(tick, this.followIntervalMs);
            this.followTimer.unref();
          }
        });
    };
    this.followTimer = setTimeout(tick, this.followIntervalMs);
    this.followTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.followTimer) clearTimeout(this.followTimer);
    this.stopSupervising();
    if (this.server) await this.server.stop();
    if (this.owner) {
      releaseLockSync(this.dataDir);
      process.off("exit", this.releaseOnExit);
    }
  }
}

export async function startManagedRedis(options: ManagedRedisOptions = {}): Promise<ManagedRedis> {
  // Fail on a missing binary before touching the data folder.
  findRedisServer();
  const dataDir = resolve(options.dataDir ?? process.env.LIVEKV_DATA_DIR ?? ".data/redis");
  const fsync = options.appendFsync ?? fsyncFromEnv(process.env.LIVEKV_REDIS_FSYNC);
  const log = options.log ?? ((message: string) => console.error(`[livekv] ${message}`));
  const ownerWaitMs = options.ownerWaitMs ?? 20_000;
  const followIntervalMs = options.followIntervalMs ?? 1_000;
  await mkdir(dataDir, { recursive: true });

  const deadline = Date.now() + ownerWaitMs;
  // A stale lock's port is reused so that URLs handed out before a crash stay valid.
  let preferredPort: number | undefined;
  for (;;) {
    if (await tryCreateLock(dataDir, ownState(null, null))) {
      try {
        return await ownNew(dataDir, preferredPort, fsync, log, followIntervalMs);
      } catch (error) {
        releaseLockSync(dataDir);
        throw error;
      }
    }
    const read = await readLock(dataDir);
    if (!read) continue;
    const state = read.state;
    if (!state || !isProcessAlive(state.ownerPid, state.ownerStart)) {
      log(`taking over the stale Redis lock in ${dataDir}${state ? ` (pid ${state.ownerPid} is gone)` : ""}`);
      preferredPort = state?.port ?? undefined;
      await removeStaleLock(dataDir, read.text);
      continue;
    }
    if (state.port !== null && (await probeRedis(state.port)).state === "ready") {
      log(`reusing the Redis on port ${state.port} run by pid ${state.ownerPid} for ${dataDir}`);
      const handle = new ManagedRedisHandle(dataDir, state.port, fsync, log, followIntervalMs);
      handle.follow();
      return handle;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `process ${state.ownerPid} manages the Redis for ${dataDir}, but it does not answer` +
          `${state.port === null ? "" : ` on port ${state.port}`}. Stop that process, or delete ${lockPath(dataDir)} if it is not a LiveKV app.`,
      );
    }
    await sleep(100);
  }
}

async function ownNew(
  dataDir: string,
  preferredPort: number | undefined,
  fsync: Fsync,
  log: (message: string) => void,
  followIntervalMs: number,
): Promise<ManagedRedis> {
  if (preferredPort !== undefined) {
    const handle = new ManagedRedisHandle(dataDir, preferredPort, fsync, log, followIntervalMs);
    try {
      await handle.own();
      return handle;
    } catch {
      log(`port ${preferredPort} is taken; starting Redis on another port`);
    }
  }
  const handle = new ManagedRedisHandle(dataDir, undefined, fsync, log, followIntervalMs);
  await handle.own();
  return handle;
}
