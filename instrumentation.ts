// Next.js calls register() once when a server starts, before it serves a request: the place
// to start timing commits for /api/metrics, and to make SIGTERM close live streams and Redis
// connections cleanly. Node.js only (prom-client, lib/kv).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installMetrics } = await import("@livekv/server/metrics");
    installMetrics();
    // Both also answer for this process when another of the port's processes is asked.
    const { installHealthFigures } = await import("@livekv/server/health");
    installHealthFigures();
    const { installShutdownHandlers } = await import("@livekv/server/server");
    installShutdownHandlers();
  }
}
