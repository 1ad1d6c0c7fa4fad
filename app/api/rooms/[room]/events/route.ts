// GET /api/rooms/{room}/events: a room's messages and presence, resumable.
// Served by lib/streams (in the app's own server, by its node:http front instead).
import { roomStream, streamRoute } from "@livekv/server/streams";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = streamRoute(roomStream);
