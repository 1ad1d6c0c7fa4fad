// A stream's Next.js route handler: its route file is one line, `streamRoute(<path>)`.

import type { StreamPath } from "@/lib/api/streams";
import { errorResponse } from "@/lib/http";
import { sseResponse } from "@/lib/sse";
import { refuseCrossSiteStream } from "./cross-site-stream";
import type { StreamParams } from "./endpoint";
import { STREAM_ROUTES } from "./routes";
import { streamVisitorId } from "./stream-visitor";

export type StreamRouteHandler = ((request: Request, context?: { params: Promise<StreamParams> }) => Promise<Response>) & {
  /** The declared path it serves, which must be its route file's (routes.test.ts checks). */
  readonly streamPath: StreamPath;
};

/** The GET of the route file at `path`: the declared stream's endpoint as a route handler. */
export function streamRoute(path: StreamPath): StreamRouteHandler {
  const endpoint = STREAM_ROUTES[path];
  const handler = async (request: Request, context?: { params: Promise<StreamParams> }): Promise<Response> => {
    try {
      const refused = refuseCrossSiteStream(request);
      if (refused !== null) return refused;
      // Next passes a context to every route; a route without params has nothing in it.
      const params = (await context?.params) ?? {};
      const visitorId = await streamVisitorId(request);
      const opened = await endpoint(request, params);
      if (opened instanceof Response) return opened;
      const response = sseResponse(request, opened.source, { visitorId });
      for (const [name, value] of Object.entries(opened.headers ?? {})) response.headers.append(name, value);
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(handler, { streamPath: path });
}
