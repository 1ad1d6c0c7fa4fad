// GET /api/posts/{id}/events: a post's live counts and comments, resumable.
// Declared in lib/api/streams.ts; served by lib/streams (in the app's own server, by its
// node:http front instead).
import { streamRoute } from "@livekv/server/streams";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = streamRoute("/api/posts/[id]/events");
