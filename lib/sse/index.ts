// lib/sse: Server-Sent Events for LiveKV. This is the server face (route handlers); the
// browser side is lib/client/stream (subscribeStream), kept apart so neither bundle
// carries the other.
//
// Wire protocol (server and client agree on it through ./protocol):
// - Every event is sent as the DEFAULT SSE event type; its `data:` is one line of JSON,
//   an envelope `{"type": <SseEvent.event ?? "message">, "data": <SseEvent.data>}`.
//   No `event:` field is ever sent, so the browser needs no list of names to listen for,
//   and a server-side failure cannot be mistaken for EventSource's own `error`.
// - `id:` is SseEvent.id. State streams (a link's stats) use the state's versionstamp,
//   and their first event after every (re)connect is the full state. Log streams (chat)
//   use the item's id and, given `lastEventId(request)`, resume right after it.
// - A source that fails ends the stream after `{"type":"error","data":{"message":...}}`;
//   the client reconnects (with backoff) and resyncs.
// - The client reconnects itself and passes its last id as `?lastEventId=`.
// - `{"type":"upstream","data":{"state":"reconnecting"|"live"}}` (no id) says whether the
//   store behind the stream is reachable; the client shows it as its connection status.
// - Beyond the caps on open streams (per visitor, per address, per process: admission.ts)
//   the answer is 503 with Retry-After; on shutdown every stream ends after a `retry:` hint.
//
// A route handler:
//   export const dynamic = "force-dynamic";
//   export const runtime = "nodejs";
//   export function GET(request: Request) {
//     const watch = kv.watch([key]);
//     return sseResponse(request, mapSource(watch, ([entry]) => ({ id: entry.versionstamp ?? "0", event: "stats", data: ... })));
//   }
// Sources are built with lib/feeds' combinators (mapSource, mergeSources…), not async
// generators: a generator cannot be cancelled while it awaits.

export { sseResponse, SSE_HEADERS, type SseOptions } from "./server";
export { lastEventId } from "./last-event-id";
export { sseConnectionCounts, type SseConnectionCounts } from "./connections";
export { sseLimits, type SseLimits } from "./admission";
export { closeAllStreams, setUpstreamState, upstreamState } from "./open-streams";
// The sources sseResponse takes (lib/feeds builds them).
export type { StreamSource } from "@/lib/feeds";
export {
  ERROR_EVENT_TYPE,
  LAST_EVENT_ID_PARAM,
  UPSTREAM_EVENT_TYPE,
  type UpstreamState,
  type ConnectionStatus,
  type SseEvent,
  type StreamEvent,
} from "./protocol";
