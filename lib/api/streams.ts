// Every live stream of the app (each /api/**/events URL), declared once: path, query
// parameters, events and their payloads. The server attaches how each one opens
// (lib/streams/implementations.ts); the route files, the front's route table, the API route
// list, the browser's URLs and its typed hooks all come from here.

import type { ChatMessage, PresenceEvent, ResetEvent, RoomsSnapshot } from "@/lib/chat/types";
import type { LinkStatsWithView } from "@/lib/links/types";
import type { Comment, LiveListCounts, LivePostCounts, LivePostList } from "@/lib/posts/types";
import type { LAST_EVENT_ID_PARAM } from "@/lib/sse/protocol";
import { declareStream } from "./declare-stream";

/** { code: clicks }. */
export type ClickCounts = Record<string, number>;

/** The /links list's click counts ("counts", the full map first and after every change). */
const clickCounts = declareStream<{ counts: ClickCounts }>()({
  path: "/api/links/events",
  query: { codes: "list" },
  events: { counts: true },
});

/**
 * One link's stats and the view of the range and filters asked for ("stats", id = the stats'
 * versionstamp), first and after every click (lib/links/analytics/query.ts reads the query).
 */
const linkStats = declareStream<{ stats: LinkStatsWithView }>()({
  path: "/api/links/[code]/events",
  query: {
    range: "string",
    tz: "string",
    referrer: "string",
    country: "string",
    browser: "string",
    os: "string",
    device: "string",
    trigger: "string",
    utm_source: "string",
    utm_medium: "string",
    utm_campaign: "string",
  },
  events: { stats: true },
});

/** The rooms list ("rooms", the whole list each time). */
const rooms = declareStream<{ rooms: RoomsSnapshot }>()({
  path: "/api/rooms/events",
  events: { rooms: true },
});

/** A room: new messages in order, updates to earlier ones (edited, deleted, reacted to; in
 * the same order), presence, and "reset" when the resume point is unknown. */
const room = declareStream<{ messages: ChatMessage[]; updates: ChatMessage[]; presence: PresenceEvent; reset: ResetEvent }>()({
  path: "/api/rooms/[room]/events",
  query: { after: "string" },
  events: { messages: true, updates: true, presence: true, reset: true },
});

/**
 * The list page: the listed posts ("posts", first and after every new post) and their like
 * and comment counts ("counts", the full state first and after every change). With `ids`:
 * only the counts of those posts.
 */
const postList = declareStream<{ posts: LivePostList; counts: LiveListCounts }>()({
  path: "/api/posts/events",
  query: { ids: "list" },
  events: { posts: true, counts: true },
});

/** One post: its counts, and each comment committed after the resume point. */
const post = declareStream<{ counts: LivePostCounts; comments: { comments: Comment[] } }>()({
  path: "/api/posts/[id]/events",
  // LAST_EVENT_ID_PARAM: the page's comment cursor, as if resuming, so comments posted between
  // the server render and the connection are streamed and none already shown is sent again.
  query: { lastEventId: "string" },
  events: { counts: true, comments: true },
});

// The post stream's query parameter is the protocol's resume parameter.
const _resumeParam: keyof typeof post.query = "lastEventId" satisfies typeof LAST_EVENT_ID_PARAM;

export const STREAMS = {
  clickCounts,
  linkStats,
  rooms,
  room,
  postList,
  post,
} as const;

export type StreamName = keyof typeof STREAMS;
export type StreamPath = (typeof STREAMS)[StreamName]["path"];

/** Every stream's path pattern ("[x]" is one path segment). */
export const STREAM_PATHS: readonly StreamPath[] = Object.values(STREAMS).map((stream) => stream.path);
