// GET /api/posts/{id}/events: a post's live counts and comments, resumable.
// Served by lib/streams (in the app's own server, by its node:http front instead).
import { postStream, streamRoute } from "@livekv/server/streams";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = streamRoute(postStream);
