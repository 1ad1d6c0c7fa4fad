// GET /api/links/{code}/events: a link's live stats.
// Served by lib/streams (in the app's own server, by its node:http front instead).
import { linkStatsStream, streamRoute } from "@livekv/server/streams";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = streamRoute(linkStatsStream);
