// How each declared stream (lib/api/streams.ts) opens on the server. A declaration without an
// implementation here, or one whose events do not match it, does not compile.

import { STREAMS } from "@/lib/api/streams";
import type { StreamImplementation } from "./endpoint";
import { roomStream, roomsStream } from "./chat";
import { clickCountsStream, linkStatsStream } from "./links";
import { postListStream, postStream } from "./posts";

export const IMPLEMENTATIONS: { readonly [N in keyof typeof STREAMS]: StreamImplementation<(typeof STREAMS)[N]> } = {
  clickCounts: clickCountsStream,
  linkStats: linkStatsStream,
  rooms: roomsStream,
  room: roomStream,
  postList: postListStream,
  post: postStream,
};
