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
    /**
     * true when every Redis node (a cluster's primaries and the replicas it lists) publishes what watches need;
     * false when any does not; null when some could not be read (CONFIG refused on managed
     * Redis, or a node not answering) and none is known to be off.
     */
    enabled: boolean | null;
    /** The `notify-keyspace-events` setting, when every node that answered has the same one. */
    flags: string | null;
    /** The nodes asked, those with notifications off, and those that did not say. */
    nodes: { checked: number; off: number; unknown: number };
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
