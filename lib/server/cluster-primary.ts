// Several server processes on one port (WEB_CONCURRENCY > 1): this process, the primary, runs
// none of the app. It starts `count` copies of the server (node:cluster: each runs the same
// entry point as a worker), holds the listening socket and deals new connections among them
// round robin, so each process serves its share with its own Next, watch hub and two Redis
// connections. It replaces a process that dies (restart-backoff.ts: at once, or later and
// later if replacements die young) and, on SIGTERM or SIGINT, has every process drain as a
// single one does (server.ts: streams end with a retry hint, requests in flight finish),
// then exits 0. A process that cannot start at all (the port is taken, a bad setting) stops
// the start with exit 1 instead of being relaunched forever.

import cluster, { type Worker } from "node:cluster";
import { relayGathers } from "./cluster-gather";
import { restartDelay } from "./restart-backoff";

export interface PrimaryOptions {
  /** Server processes to run. */
  count: number;
  /** How long a process may take to drain before it is killed. */
  drainMs: number;
  log: (message: string) => void;
}

interface Slot {
  /** 1-based, stable across replacements: how the log names a process. */
  index: number;
  worker: Worker | null;
  startedAt: number;
  delayMs: number;
  timer: NodeJS.Timeout | null;
}

/** Resolves with the exit code once every process has stopped. */
export function runPrimary({ count, drainMs, log }: PrimaryOptions): Promise<number> {
  relayGathers();
  const slots: Slot[] = Array.from({ length: count }, (_, i) => ({ index: i + 1, worker: null, startedAt: 0, delayMs: 0, timer: null }));
  const listening = new Set<number>();
  let started = false;
  let stopping = false;
  let failed = false;

  return new Promise((resolve) => {
    const finishIfDone = (): void => {
      if (slots.every((s) => s.worker === null)) resolve(failed ? 1 : 0);
    };

    const stopAll = (): void => {
      if (stopping) return;
      stopping = true;
      for (const slot of slots) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        slot.worker?.process.kill("SIGTERM");
      }
      // A process that outlives its own drain deadline (server.ts exits by then) is stuck.
      setTimeout(() => {
        for (const slot of slots) slot.worker?.process.kill("SIGKILL");
      }, drainMs + 10_000).unref();
      finishIfDone();
    };

    const start = (slot: Slot): void => {
      slot.timer = null;
      slot.startedAt = Date.now();
      const worker = cluster.fork({ LIVEKV_SERVER_PROCESS: String(slot.index) });
      slot.worker = worker;
      worker.once("listening", () => {
        listening.add(worker.id);
        if (!started && listening.size === count) {
          started = true;
          log(`${count} server processes share the port (WEB_CONCURRENCY=${count})`);
        }
      });
      worker.once("exit", (code, signal) => {
        slot.worker = null;
        const served = listening.delete(worker.id);
        if (stopping) {
          if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGINT") failed = true;
          finishIfDone();
          return;
        }
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (!started && !served) {
          // It never served: the next one would fail the same way.
          log(`server process ${slot.index} exited with ${how} before it served; stopping`);
          failed = true;
          stopAll();
          return;
        }
        slot.delayMs = restartDelay(slot.delayMs, Date.now() - slot.startedAt);
        log(`server process ${slot.index} (pid ${worker.process.pid}) exited with ${how}; replacing it${slot.delayMs ? ` in ${slot.delayMs / 1000} s` : ""}`);
        slot.timer = setTimeout(() => start(slot), slot.delayMs);
      });
    };

    // on, not once: Ctrl-C reaches every process of the group and `npm start`'s wrapper
    // forwards it too; with no listener left a second signal would kill the primary mid-drain.
    process.on("SIGTERM", stopAll);
    process.on("SIGINT", stopAll);
    for (const slot of slots) start(slot);
  });
}
