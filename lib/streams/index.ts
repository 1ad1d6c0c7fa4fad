// lib/streams: the app's live streams (every /api/**/events URL), each an endpoint served by
// its route handler under app/ and, in the app's own server, by the node:http front.

export { streamRoute, type LiveStream, type StreamEndpoint, type StreamParams } from "./endpoint";
export { clickCountsStream, linkStatsStream } from "./links";
export { roomStream, roomsStream } from "./chat";
export { postListStream, postStream } from "./posts";
export { STREAM_ROUTES, matchStreamRoute } from "./routes";
export { serveLiveStream } from "./node-front";
