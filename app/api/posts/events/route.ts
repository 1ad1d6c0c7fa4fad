// GET /api/posts/events?ids=a,b: live like and comment counts of several posts.
// Served by lib/streams (in the app's own server, by its node:http front instead).
import { postListStream, streamRoute } from "@livekv/server/streams";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = streamRoute(postListStream);
