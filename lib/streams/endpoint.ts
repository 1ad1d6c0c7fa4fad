// A live stream endpoint: what one /api/**/events URL serves, written once and carried two
// ways — by its Next.js route handler (streamRoute, ./route-handler.ts) and by the node:http
// front in front of Next (serveLiveStream, ./node-front.ts), which the app's server uses
// because it holds a connection in a fraction of the memory and CPU (BENCHMARKS.md).

import type { ServerStreamParams, SseEventOf, StreamDeclaration } from "@/lib/api/declare-stream";
import { readStreamQuery } from "@/lib/api/declare-stream";
import type { SseEvent, StreamSource } from "@/lib/sse";

/** An opened stream, and any headers its response must carry (a visitor cookie). */
export interface LiveStream<E extends SseEvent = SseEvent> {
  source: StreamSource<E>;
  headers?: Readonly<Record<string, string>>;
}

export type StreamParams = Readonly<Record<string, string>>;

/**
 * Opens the stream for a request, or answers it (a 4xx) without one. Throws what a route
 * handler would (errorResponse maps it). `request.signal` aborts when the client goes.
 * `params`: the path's params, decoded.
 */
export type StreamEndpoint<P extends StreamParams = StreamParams> = (
  request: Request,
  params: P,
) => Promise<LiveStream | Response>;

/**
 * How a declared stream opens: given its path and query params, a source of exactly the
 * events it declares (a wrong name or payload does not compile), or a 4xx answer.
 */
export type StreamImplementation<D extends StreamDeclaration> = (
  request: Request,
  params: ServerStreamParams<D>,
) => Promise<LiveStream<SseEventOf<D>> | Response>;

/** The endpoint that opens `stream` with `implementation`, reading its declared query params. */
export function endpointOf<D extends StreamDeclaration>(stream: D, implementation: StreamImplementation<D>): StreamEndpoint {
  return (request, pathParams) => {
    const params = { ...pathParams, ...readStreamQuery(stream, request.url) } as ServerStreamParams<D>;
    return implementation(request, params);
  };
}
