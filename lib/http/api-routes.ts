// The HTTP API's routes and the methods each answers, so that proxy.ts can answer a wrong
// method (405 with Allow) or an unknown path (404) with the same JSON error body as every
// other API error — Next's own answers are an empty 405 and the HTML 404 page. The table
// must match the route files: api-routes.test.ts checks every app/api/**/route.ts against it.
// The live streams' entries come from their declarations (lib/api/streams.ts).

import { STREAM_PATHS } from "@/lib/api/streams";

/** Path patterns under /api ("[x]" is one path segment) → the methods their route exports. */
export const API_ROUTES: Readonly<Record<string, readonly string[]>> = {
  "/api/health": ["GET"],
  "/api/metrics": ["GET"],
  "/api/links": ["GET", "POST"],
  "/api/links/[code]": ["GET", "PATCH", "DELETE"],
  "/api/links/[code]/export": ["GET"],
  "/api/posts": ["GET", "POST"],
  "/api/posts/[id]": ["GET"],
  "/api/posts/[id]/comments": ["POST"],
  "/api/posts/[id]/comments/[commentId]": ["DELETE"],
  "/api/posts/[id]/like": ["POST", "DELETE"],
  "/api/rooms": ["GET", "POST"],
  "/api/visitor/key": ["POST"],
  "/api/visitor/restore": ["POST"],
  "/api/rooms/[room]": ["GET"],
  "/api/rooms/[room]/messages": ["GET", "POST"],
  "/api/rooms/[room]/messages/[message]": ["PATCH", "DELETE"],
  "/api/rooms/[room]/messages/[message]/reactions/[reaction]": ["PUT", "DELETE"],
  "/api/rooms/[room]/presence": ["POST"],
  "/api/rooms/[room]/typing": ["POST"],
  ...Object.fromEntries(STREAM_PATHS.map((path) => [path, ["GET"]])),
};

const compiled = Object.entries(API_ROUTES).map(([pattern, methods]) => ({
  segments: pattern.split("/").slice(1),
  // Next answers HEAD for a GET route and OPTIONS for every route by itself.
  allowed: [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"],
}));

/**
 * The methods the route at `pathname` (still percent-encoded) allows, or null when no route
 * serves it. Static segments win over dynamic ones, as in Next's router.
 */
export function allowedMethods(pathname: string): readonly string[] | null {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  let best: { allowed: string[]; statics: number } | null = null;
  for (const route of compiled) {
    if (route.segments.length !== parts.length) continue;
    let statics = 0;
    const matches = route.segments.every((segment, i) => {
      if (segment.startsWith("[")) return parts[i] !== "";
      if (segment !== parts[i]) return false;
      statics++;
      return true;
    });
    if (matches && (best === null || statics > best.statics)) best = { allowed: route.allowed, statics };
  }
  return best?.allowed ?? null;
}
