// Which endpoint serves which /api/**/events URL: one per declared stream (lib/api/streams.ts),
// with the implementation attached to it. The route files under app/ are at the same paths
// (routes.test.ts checks the two agree), so the node:http front answers exactly the URLs Next
// would have given these endpoints.

import { STREAMS, type StreamName, type StreamPath } from "@/lib/api/streams";
import { endpointOf, type StreamEndpoint, type StreamParams } from "./endpoint";
import { IMPLEMENTATIONS } from "./implementations";

const endpointFor = <N extends StreamName>(name: N): StreamEndpoint => endpointOf(STREAMS[name], IMPLEMENTATIONS[name]);

/** Path patterns ("[x]" is one path segment, given to the endpoint as params.x) → endpoint. */
export const STREAM_ROUTES: Readonly<Record<StreamPath, StreamEndpoint>> = Object.fromEntries(
  (Object.keys(STREAMS) as StreamName[]).map((name) => [STREAMS[name].path, endpointFor(name)]),
) as Record<StreamPath, StreamEndpoint>;

const compiled = Object.entries(STREAM_ROUTES).map(([pattern, endpoint]) => ({
  segments: pattern.split("/").slice(1),
  endpoint,
}));

export interface StreamMatch {
  endpoint: StreamEndpoint;
  params: StreamParams;
}

/**
 * The endpoint for `pathname` (percent-encoded, as it came; well-formed escapes) and its
 * decoded params, or null. Static segments win over dynamic ones, as in Next's router.
 */
export function matchStreamRoute(pathname: string): StreamMatch | null {
  const parts = pathname.split("/").slice(1);
  let best: (StreamMatch & { statics: number }) | null = null;
  for (const route of compiled) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let statics = 0;
    const matches = route.segments.every((segment, i) => {
      const part = parts[i];
      if (segment.startsWith("[")) {
        if (part === "") return false;
        params[segment.slice(1, -1)] = decodeURIComponent(part);
        return true;
      }
      if (segment !== part) return false;
      statics++;
      return true;
    });
    if (matches && (best === null || statics > best.statics)) best = { endpoint: route.endpoint, params, statics };
  }
  return best && { endpoint: best.endpoint, params: best.params };
}
