// GET /api/metrics: the Prometheus text exposition (lib/metrics). Open by default like
// /api/health; with METRICS_TOKEN set, only a scraper sending `Authorization: Bearer <token>`
// gets the figures.
import { timingSafeEqual } from "node:crypto";
import { jsonError } from "@/lib/http";
import { renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function authorized(request: Request): boolean {
  const token = process.env.METRICS_TOKEN;
  if (!token) return true;
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  // Constant time, so the token cannot be guessed a character at a time.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request): Promise<Response> {
  if (!authorized(request)) return jsonError(401, "unauthorized", "This endpoint needs the metrics token.");
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
