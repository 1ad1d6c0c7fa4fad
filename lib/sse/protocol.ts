// The wire contract between sseResponse (server) and subscribeStream (browser). Kept in
// one file with no runtime dependencies so both bundles import the same definitions.

/** One event a server-side source yields. */
export interface SseEvent {
  /** Becomes the SSE `id:` field; the browser sends it back when it resumes. */
  id?: string;
  /** The event's type; "message" when absent. Travels inside the JSON envelope. */
  event?: string;
  /** Any JSON-serialisable value. */
  data: unknown;
}

/** One event as a browser subscriber sees it. */
export interface StreamEvent {
  type: string;
  /** The SSE id of this event, or of the latest event that had one ("" if none yet). */
  id: string;
  data: unknown;
}

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

/**
 * Every event goes out as the default SSE event type with a JSON envelope as its data:
 * `data: {"type":"stats","data":{...}}`. Named SSE events (`event: stats`) would oblige
 * the browser to register a listener per name in advance, and a server event named
 * `error` would be indistinguishable from EventSource's own connection error.
 */
export interface Envelope {
  type: string;
  data?: unknown;
}

/** The type of the event a server sends just before it ends a stream whose source failed. */
export const ERROR_EVENT_TYPE = "error";

/**
 * The type of the event that says whether the store behind a stream is reachable, data
 * `{ state: UpstreamState }`. While it is "reconnecting" the stream stays open but may be
 * behind; "live" comes once every watch has the latest state again. The browser client
 * turns it into its connection status and does not pass it on as an event.
 */
export const UPSTREAM_EVENT_TYPE = "upstream";
export type UpstreamState = "live" | "reconnecting";

/** Query parameter that carries the last event id on manual reconnects (EventSource
 * only sets the Last-Event-ID header on its own automatic retries). */
export const LAST_EVENT_ID_PARAM = "lastEventId";

export function toEnvelope(event: SseEvent): Envelope {
  return { type: event.event ?? "message", data: event.data };
}

/** Reads an envelope leniently: a payload that is not one is passed on as a plain message. */
export function fromWire(raw: string, id: string): StreamEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { type: "message", id, data: raw };
  }
  if (typeof parsed === "object" && parsed !== null && typeof (parsed as Envelope).type === "string") {
    const envelope = parsed as Envelope;
    return { type: envelope.type, id, data: envelope.data };
  }
  return { type: "message", id, data: parsed };
}
