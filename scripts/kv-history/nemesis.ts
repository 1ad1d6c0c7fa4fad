// The nemesis: real faults on a real redis-server while the clients work, one kind after the
// other in turn, with calm between them.
//
// - kill:    SIGKILL, then a start on the same port and data folder. The server runs with
//            `appendfsync always`, so every write it acknowledged is in its append-only file.
// - pause:   SIGSTOP, then SIGCONT: a hung Redis. Connections stay open and nothing answers;
//            what was sent meanwhile runs when it wakes, long after its client gave up.
// - restart: SIGTERM (Redis flushes its append-only file and exits), then a start.

import type { RedisServer } from "../redis/redis-server";
import type { Random } from "./random";

export const FAULT_KINDS = ["kill", "pause", "restart"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** When it began, on the nemesis's clock (the history's, in a run). */
  at: number;
  /** How long Redis was down or paused. */
  lastedMs: number;
}

/** Milliseconds, drawn uniformly from [min, max). */
export type Span = readonly [min: number, max: number];

export interface NemesisOptions {
  random: Random;
  /** Milliseconds, for the faults' times (default performance.now). */
  now?: () => number;
  /** Calm before each fault. */
  calmMs?: Span;
  /** How long Redis stays down after a kill or a stop. */
  downMs?: Span;
  /** How long Redis stays paused: partly under a client's patience, partly over. */
  pauseMs?: Span;
  log?: (line: string) => void;
}

export class Nemesis {
  readonly faults: Fault[] = [];
  readonly #server: RedisServer;
  readonly #options: Required<NemesisOptions>;
  #stopped = false;
  #wake: () => void = () => undefined;

  constructor(server: RedisServer, options: NemesisOptions) {
    this.#server = server;
    this.#options = {
      now: () => performance.now(),
      calmMs: [300, 1_200],
      downMs: [200, 1_000],
      pauseMs: [300, 2_500],
      log: () => undefined,
      ...options,
    };
  }

  /** Injects faults until stop(); resolves once the fault under way is over and Redis is up. */
  async run(): Promise<void> {
    for (let turn = 0; !this.#stopped; turn++) {
      await this.#calm(this.#draw(this.#options.calmMs));
      if (this.#stopped) break;
      await this.inject(FAULT_KINDS[turn % FAULT_KINDS.length]);
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#wake();
  }

  count(kind: FaultKind): number {
    return this.faults.filter((fault) => fault.kind === kind).length;
  }

  async inject(kind: FaultKind): Promise<void> {
    const at = this.#options.now();
    const lastedMs = this.#draw(kind === "pause" ? this.#options.pauseMs : this.#options.downMs);
    this.#options.log(`${kind} for ${Math.round(lastedMs)} ms`);
    switch (kind) {
      case "kill":
        await this.#server.kill("SIGKILL");
        await sleep(lastedMs);
        await this.#server.start();
        break;
      case "restart":
        await this.#server.stop();
        await sleep(lastedMs);
        await this.#server.start();
        break;
      case "pause":
        await this.#pause(lastedMs);
        break;
    }
    this.faults.push({ kind, at, lastedMs });
  }

  async #pause(ms: number): Promise<void> {
    const pid = this.#server.pid;
    if (pid === null) throw new Error("cannot pause a redis-server that is not running");
    process.kill(pid, "SIGSTOP");
    try {
      await sleep(ms);
    } finally {
      process.kill(pid, "SIGCONT");
    }
  }

  #calm(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #draw([min, max]: Span): number {
    return this.#options.random.between(min, max);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
