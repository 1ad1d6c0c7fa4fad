// The /api/health body. Kept free of runtime imports so client components can
// import it without pulling server code into the browser bundle.
import type { KvWatchStats } from "@/lib/kv/types";

export interface HealthReport {
  /** Redis answers and keyspace notifications are not known to be off. */
  ok: boolean;
  redis: {
    reachable: boolean;
    /** Round-trip time of a PING, null when Redis did not answer. */
    latencyMs: number | null;
  };
  notifications: {
    /** null when the server refuses CONFIG GET (managed Redis), so it cannot be checked. */
    enabled: boolean | null;
    /** The `notify-keyspace-events` setting as Redis reports it. */
    flags: string | null;
  };
  watch: KvWatchStats;
  /**
   * The server's figures since it started, over all its processes (GET /api/metrics has them
   * all). `redis` and `watch` are the answering process's own: its connections, its hub.
   */
  figures: HealthFigures;
}

export interface HealthFigures {
  /** Server processes these figures add up (WEB_CONCURRENCY; those that answered in time). */
  processes: number;
  /** SSE responses open now. */
  sseConnections: number;
  /** Short-link clicks recorded. */
  clicks: number;
  /** Chat messages stored. */
  messages: number;
  /** Atomic commits run, and their mean round trip (null before the first). */
  commits: number;
  commitMeanMs: number | null;
}
