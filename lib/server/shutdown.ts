// What the server process does when it is asked to stop (SIGTERM from an orchestrator or
// `npm start`'s wrapper, Ctrl-C): end every SSE stream with a retry hint (Next's own
// handler waits for open requests to finish, and a live stream never finishes by itself),
// then end every watch and quit both Redis connections. Clients reconnect by themselves
// and resume from their last event id, on this server once it is back or on another.

import { logError } from "@/lib/log";
import { closeAllStreams } from "@/lib/sse";
import { closeServerKv } from "./kv";

/** What a standard EventSource waits before reconnecting: about a restart's length. */
export const SHUTDOWN_RETRY_MS = 2_000;

const SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"];
let shuttingDown: Promise<void> | undefined;

/** Ends streams and connections; idempotent (the same promise every time). */
export function shutdownServer(): Promise<void> {
  shuttingDown ??= (async () => {
    closeAllStreams(SHUTDOWN_RETRY_MS);
    await closeServerKv();
  })().catch((error: unknown) => logError("shutdown", error));
  return shuttingDown;
}

/**
 * Runs shutdownServer on SIGTERM/SIGINT (instrumentation.ts installs it wherever Next runs).
 * Beside whoever owns the process's exit — server.ts, or `next start`'s own handler — both
 * listeners run, and that owner decides when the process exits.
 */
export function installShutdownHandlers(): void {
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      void shutdownServer();
    });
  }
}
