// The load generator: `concurrency` loops, each on its own keep-alive connection, each
// sending one GET, reading the answer, and sending the next (closed loop, like wrk or
// autocannon). Redirects are not followed: the figure is the app's 302s, not the target's.

import { Agent, request } from "node:http";

export interface LoadOptions {
  /** http://host:port */
  origin: string;
  path: string;
  concurrency: number;
  /** Requests before this are sent but not counted (connections open, JIT warm). */
  warmupMs: number;
  durationMs: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  path: string;
  /** Responses with the expected status in the measured window. */
  ok: number;
  /** Responses with the expected status over the whole run, warm-up included (each one a
   * recorded click on the shortlink route: the count to check the app's counter against). */
  okIncludingWarmup: number;
  /** Any other status, or a failed request. */
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  // Nearest rank.
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runLoad(options: LoadOptions, expectStatus = 302): Promise<LoadResult> {
  const url = new URL(options.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let okIncludingWarmup = 0;
  let errors = 0;

  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;

  const once = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(
        { agent, host: url.hostname, port: url.port, path: options.path, method: "GET", headers: options.headers },
        (res) => {
          res.resume();
          res.once("end", () => resolve(res.statusCode ?? 0));
          res.once("error", reject);
        },
      );
      req.once("error", reject);
      req.end();
    });

  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      const sent = performance.now();
      let status: number;
      try {
        status = await once();
      } catch {
        status = 0;
      }
      const done = performance.now();
      if (status === expectStatus) okIncludingWarmup += 1;
      // Counted by when it was sent: a request in flight at the window's end still counts
      // once, and one sent during warm-up never does.
      if (sent < measureFrom) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === expectStatus) {
        ok += 1;
        latencies.push(done - sent);
      } else {
        errors += 1;
      }
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - measureFrom) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    path: options.path,
    ok,
    okIncludingWarmup,
    errors,
    statuses,
    seconds,
    perSecond: ok / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
