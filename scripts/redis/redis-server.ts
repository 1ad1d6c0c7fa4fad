// Throwaway and managed redis-server processes. Tests use one per file on a free port
// (never a user's Redis); the app's managed Redis builds on the same thing.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findFreePort } from "./free-port";
import { waitForPong } from "../../lib/redis/ping";
import { findRedisServer } from "./redis-binary";
import { guardProcess, guardTemporaryDirectory, releaseProcess } from "./watchdog";

export interface RedisServerOptions {
  /** Fixed port; by default a free loopback port. */
  port?: number;
  /** Data directory; by default a fresh temp directory removed when Node exits. */
  dir?: string;
  appendOnly?: boolean;
  appendFsync?: "always" | "everysec" | "no";
  /** Value of notify-keyspace-events; "" turns notifications off. */
  notifications?: string;
  /** More redis-server arguments, e.g. ["--rename-command", "CONFIG", ""]. */
  extraArgs?: string[];
  /** How long to wait for the first PONG (AOF replay can take a while). */
  startTimeoutMs?: number;
}

export interface RedisExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** pid of the running redis-server, or null while it is down. */
  readonly pid: number | null;
  readonly running: boolean;
  stop(): Promise<void>;
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  /** Called when redis-server exits without stop()/restart()/kill() asking it to. */
  onUnexpectedExit(listener: (exit: RedisExit) => void): () => void;
  /** The last lines redis-server printed, for error messages. */
  recentLog(): string;
}

export const DEFAULT_NOTIFICATIONS = "Kg$xe";
const LOG_LINES = 60;
const STOP_GRACE_MS = 10_000;

const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous by necessity: nothing async runs inside an "exit" handler.
  process.on("exit", () => {
    for (const child of liveChildren) child.kill("SIGTERM");
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

function unrefStream(stream: unknown): void {
  if (stream instanceof Socket) stream.unref();
}

class RedisServerProcess implements RedisServer {
  url: string;
  port: number;
  readonly dir: string;
  private child: ChildProcess | null = null;
  private exited: Promise<RedisExit> | null = null;
  private intentional = false;
  private log: string[] = [];
  private listeners = new Set<(exit: RedisExit) => void>();
  private portIsFixed: boolean;

  constructor(
    private readonly binary: string,
    private readonly options: RedisServerOptions,
    dir: string,
    port: number,
  ) {
    this.dir = dir;
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.portIsFixed = options.port !== undefined;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null;
  }

  recentLog(): string {
    return this.log.join("\n");
  }

  onUnexpectedExit(listener: (exit: RedisExit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private args(): string[] {
    const o = this.options;
    return [
      "--port", String(this.port),
      "--bind", "127.0.0.1",
      "--save", "",
      "--dir", this.dir,
      "--appendonly", o.appendOnly ? "yes" : "no",
      "--appendfsync", o.appendFsync ?? "everysec",
      "--notify-keyspace-events", o.notifications ?? DEFAULT_NOTIFICATIONS,
      "--daemonize", "no",
      "--logfile", "",
      ...(o.extraArgs ?? []),
    ];
  }

  async start(): Promise<void> {
    if (this.child) return;
    mkdirSync(this.dir, { recursive: true });
    // A free port can be taken between probing and binding; a restart's port can
    // still be held for a moment by the process we just stopped.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawnOnce();
        return;
      } catch (error) {
        // Its own port only: another one taken (a cluster bus port) is the caller's to change.
        const inUse = new RegExp(`:${this.port}: bind: address already in use`, "i").test(this.recentLog());
        if (!inUse || attempt >= 20) throw error;
        if (this.portIsFixed) {
          await new Promise((r) => setTimeout(r, 100));
        } else {
          this.port = await findFreePort();
          this.url = `redis://127.0.0.1:${this.port}`;
        }
      }
    }
  }

  private async spawnOnce(): Promise<void> {
    this.log = [];
    this.intentional = false;
    // detached: a terminal's Ctrl-C reaches the whole foreground process group, and
    // Redis must stop when its owner says so (after the app), not race it.
    const child = spawn(this.binary, this.args(), { stdio: ["ignore", "pipe", "pipe"], detached: true });
    this.child = child;
    liveChildren.add(child);
    let exitInfo: RedisExit | null = null;
    let spawnError: Error | null = null;
    this.exited = new Promise<RedisExit>((resolveExit) => {
      child.once("error", (error) => {
        spawnError = error;
      });
      child.once("close", (code, signal) => {
        exitInfo = { code, signal };
        liveChildren.delete(child);
        if (child.pid) releaseProcess(child.pid);
        if (this.child === child) this.child = null;
        resolveExit(exitInfo);
        if (!this.intentional) for (const listener of this.listeners) listener(exitInfo);
      });
    });
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.log.push(line);
      if (this.log.length > LOG_LINES) this.log.splice(0, this.log.length - LOG_LINES);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    if (child.pid) guardProcess(child.pid);

    try {
      await waitForPong(this.port, {
        pid: child.pid,
        timeoutMs: this.options.startTimeoutMs ?? 15_000,
        gaveUp: () => {
          if (spawnError) return `could not run ${this.binary}: ${spawnError.message}`;
          if (exitInfo) {
            return `redis-server exited (code ${exitInfo.code}, signal ${exitInfo.signal}) before it was ready:\n${this.recentLog()}`;
          }
          return null;
        },
      });
    } catch (error) {
      // Leave nothing half-started behind.
      if (!exitInfo) await this.halt("SIGKILL");
      throw error;
    }
    // The server lives as long as someone needs it, not because its pipes are open.
    child.unref();
    unrefStream(child.stdout);
    unrefStream(child.stderr);
  }

  private async halt(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return;
    this.intentional = true;
    // Hold the event loop open until the exit is seen, or Node could quit mid-stop.
    child.ref();
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), STOP_GRACE_MS);
    });
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      child.kill("SIGKILL");
      await exited;
    }
  }

  /** SIGTERM makes redis-server flush the AOF and exit; no RDB since save is "". */
  stop(): Promise<void> {
    return this.halt("SIGTERM");
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    return this.halt(signal);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  markTemporary(): void {
    tempDirs.add(this.dir);
    // Test runners often end workers by signal, where "exit" handlers never run.
    guardTemporaryDirectory(this.dir);
  }
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  installExitHook();
  const temporary = options.dir === undefined;
  const dir = temporary ? await mkdtemp(join(tmpdir(), "livekv-redis-")) : resolve(options.dir as string);
  const port = options.port ?? (await findFreePort());
  const server = new RedisServerProcess(binary, options, dir, port);
  if (temporary) server.markTemporary();
  await server.start();
  return server;
}
