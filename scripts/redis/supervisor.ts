// Keeps a managed redis-server up: when it exits on its own (crash, OOM kill) it is
// started again on the same port and data folder, so every client's REDIS_URL stays
// valid and ioredis reconnects by itself. Backoff keeps a crash loop from spinning.

import type { RedisServer } from "./redis-server";

export interface SupervisorOptions {
  log?: (message: string) => void;
  /** After each successful restart, e.g. to record the new pid. */
  onRestart?: () => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Up this long, the server counts as healthy again and backoff resets. */
  stableAfterMs?: number;
}

export function superviseRedis(server: RedisServer, options: SupervisorOptions = {}): () => void {
  const { log = () => undefined, onRestart = () => undefined, initialDelayMs = 100, maxDelayMs = 5_000, stableAfterMs = 30_000 } = options;
  let delay = initialDelayMs;
  let upSince = Date.now();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const attempt = (): void => {
    timer = null;
    if (stopped) return;
    server.start().then(
      () => {
        if (stopped) {
          void server.stop();
          return;
        }
        upSince = Date.now();
        log(`redis-server is back on port ${server.port} (pid ${server.pid})`);
        onRestart();
      },
      (error: unknown) => {
        if (stopped) return;
        log(`redis-server did not restart: ${error instanceof Error ? error.message : String(error)}; retrying in ${delay} ms`);
        schedule();
      },
    );
  };

  const schedule = (): void => {
    timer = setTimeout(attempt, delay);
    delay = Math.min(delay * 2, maxDelayMs);
  };

  const unsubscribe = server.onUnexpectedExit((exit) => {
    if (stopped) return;
    if (Date.now() - upSince > stableAfterMs) delay = initialDelayMs;
    log(`redis-server exited unexpectedly (code ${exit.code}, signal ${exit.signal}); restarting in ${delay} ms`);
    schedule();
  });

  return () => {
    stopped = true;
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
