// lib/streams: the app's live streams (every /api/**/events URL), each an endpoint served by
// its route handler under app/ and, in the app's own server, by the node:http front.

// Each stream is declared in lib/api/streams.ts; ./implementations.ts says how each opens.

export type { LiveStream, StreamEndpoint, StreamParams, StreamImplementation } from "./endpoint";
export { streamRoute, type StreamRouteHandler } from "./route-handler";
export { STREAM_ROUTES, matchStreamRoute } from "./routes";
export { serveLiveStream } from "./node-front";
