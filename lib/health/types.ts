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
}
