// A live stream endpoint: what one /api/**/events URL serves, written once and carried two
// ways — by its Next.js route handler (streamRoute, below) and by the node:http front in
// front of Next (serveLiveStream, ./node-front.ts), which the app's server uses because it
// holds a connection in a fraction of the memory and CPU (BENCHMARKS.md).

import { errorResponse } from "@/lib/http";
import { sseResponse, type SseEvent, type StreamSource } from "@/lib/sse";
import { refuseCrossSiteStream } from "./cross-site-stream";
import { streamVisitorId } from "./stream-visitor";

/** An opened stream, and any headers its response must carry (a visitor cookie). */
export interface LiveStream {
  source: StreamSource<SseEvent>;
  headers?: Readonly<Record<string, string>>;
}

export type StreamParams = Readonly<Record<string, string>>;

/**
 * Opens the stream for a request, or answers it (a 4xx) without one. Throws what a route
 * handler would (errorResponse maps it). `request.signal` aborts when the client goes.
 */
export type StreamEndpoint<P extends StreamParams = StreamParams> = (
  request: Request,
  params: P,
) => Promise<LiveStream | Response>;

/** The endpoint as a Next.js route handler's GET. */
export function streamRoute<P extends StreamParams>(
  endpoint: StreamEndpoint<P>,
): (request: Request, context?: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    try {
      // Next passes a context to every route; a route without params has nothing in it.
      const refused = refuseCrossSiteStream(request);
      if (refused !== null) return refused;
      const params = (await context?.params) ?? ({} as P);
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
}
