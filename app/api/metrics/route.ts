// GET /api/metrics: the Prometheus text exposition (lib/metrics). It tells about the process
// (memory, CPU, event loop, open streams, traffic), which is nobody else's business: with
// METRICS_TOKEN set, only a scraper sending `Authorization: Bearer <token>` gets it; without,
// only a scraper on the app's own machine, talking to the app's server directly (lib/http's
// isLocalPeer: the socket's address, never a forwarded one, which anyone can write).
import { timingSafeEqual } from "node:crypto";
import { isLocalPeer, jsonError } from "@livekv/server/http";
import { renderMetrics } from "@livekv/server/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function hasToken(request: Request, token: string): boolean {
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  // Constant time, so the token cannot be guessed a character at a time.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Why `request` may not have the figures, or null when it may. */
function refusal(request: Request): Response | null {
  const token = process.env.METRICS_TOKEN;
  if (token) return hasToken(request, token) ? null : jsonError(401, "unauthorized", "This endpoint needs the metrics token.");
  if (isLocalPeer(request)) return null;
  return jsonError(403, "forbidden", "Metrics are served to this machine only. Set METRICS_TOKEN to scrape them from elsewhere.");
}

export async function GET(request: Request): Promise<Response> {
  const refused = refusal(request);
  if (refused !== null) return refused;
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
