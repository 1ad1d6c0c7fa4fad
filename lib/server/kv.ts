// The app's one Kv. Each Kv owns a Redis connection and a WatchHub with its own
// subscriber connection; opening one per request would multiply both, so a server
// process shares a single instance.
import { openKv, type Kv } from "@/lib/kv";
import { setUpstreamState } from "@/lib/sse";
import { appPartitionOf } from "./partitions";
import { redisTargetFromEnv } from "./redis-target";

// Plain module state: the server side of lib/ is loaded once per process (the package
// @livekv/server, scripts/build-lib.ts), and `next dev` does not re-evaluate it on an edit.
let current: Promise<Kv> | undefined;
let closed = false;

/** Thrown by getKv() once the server is shutting down; routes answer it with 503 + Retry-After. */
export class ServerShuttingDownError extends Error {
  readonly status = 503;
  readonly code = "unavailable";
  // The socket must not stay open for more requests: the process is on its way out, and a
  // kept-alive connection would hold its graceful shutdown up until the keep-alive timeout.
  readonly headers = { Connection: "close" };
  constructor() {
    super("The server is restarting. Please try again in a few seconds.");
    this.name = "ServerShuttingDownError";
  }
}

export function getKv(): Promise<Kv> {
  // A request that slips in during shutdown must not reopen connections the process is
  // about to drop, nor meet a closed Kv (a TypeError, which would read as a 500).
  if (closed) return Promise.reject(new ServerShuttingDownError());
  if (current) return current;

  let target;
  try {
    target = redisTargetFromEnv();
  } catch (error) {
    return Promise.reject(error);
  }
  if (!target) {
    // The start scripts always provide one (a managed redis-server when the user gave
    // none); reaching here means the app was started some other way.
    return Promise.reject(
      new Error("REDIS_URL is not set: start the app with `npm start` or `npm run dev`, or set REDIS_URL (or REDIS_CLUSTER_NODES)."),
    );
  }

  // LIVEKV_WAIT_REPLICAS (and _TIMEOUT_MS) is read by openKv: every commit then waits for
  // that many replicas before it is acknowledged (README, "Scaling out").
  const opening = target.kind === "cluster"
      ? openKv({ cluster: { nodes: target.nodes, partitionOf: appPartitionOf } }) : openKv({ url: target.url });
  opening.then(
    // Open streams say "reconnecting" while the watch connection is lost, and "live" once
    // every watch has been brought up to date again.
    (kv) => kv.onWatchLiveChange((live) => setUpstreamState(live ? "live" : "reconnecting")),
    // A failed open must not be cached forever: the next request retries.
    () => {
      if (current === opening) current = undefined;
    },
  );
  current = opening;
  return opening;
}

/**
 * Ends every watch and quits both Redis connections (commands and subscriber); getKv()
 * refuses from then on. For process shutdown.
 */
export async function closeServerKv(): Promise<void> {
  closed = true;
  const existing = current;
  current = undefined;
  if (!existing) return;
  const kv = await existing.catch(() => null);
  await kv?.close();
}

/**
 * Tests only: drops the Kv without closing it (returned, for the caller to close) and lifts
 * closeServerKv()'s refusal, so the next getKv() opens a fresh one.
 */
export function forgetServerKv(): Promise<Kv> | undefined {
  const held = current;
  current = undefined;
  closed = false;
  return held;
}
