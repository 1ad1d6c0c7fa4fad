// The chat's shapes as the API and the pages see them, and the stream event names. No
// server-only code, so client components can import it without growing their bundle.

import type { ReactionName } from "./reactions";

export type { ReactionName } from "./reactions";

/** One chat message, as stored under ["messages", roomId, seq] and as sent to clients. Its
 * stored value is its latest state: an edit, a delete or a reaction rewrites it in place. */
export interface ChatMessage {
  /** The message's number in its room as a string ("1", "2", …): the SSE event id. */
  id: string;
  /** Its place in the room's log: 1 for the room's first entry, then +1 per entry (a message,
   * or a MessageUpdate), in commit order. */
  seq: number;
  author: string;
  text: string;
  /** Epoch milliseconds (server clock). */
  createdAt: number;
  /** The sender's public member id (a hash of their visitor id, never the id itself). */
  memberId: string;
  /** The sender's own id for this message (idempotency key), or null. Lets the sending tab
   * match the message to its pending bubble whichever arrives first, POST answer or event. */
  clientId: string | null;
  /** When its author last changed its text; absent if never edited. */
  editedAt?: number;
  /** Its author deleted it: text is "" and it has no reactions. The entry stays, so the
   * conversation keeps its order and everyone sees that something was removed. */
  deleted?: true;
  /** Who reacted with what: member ids per reaction, absent when none. */
  reactions?: Partial<Record<ReactionName, string[]>>;
  /** The seq of its latest update (absent if never changed): of two copies of a message, the
   * one with the higher rev is the newer. */
  rev?: number;
}

/**
 * The entries of a room's log that are not new messages: the new state of an earlier message
 * (edited, deleted, or its reactions changed), stored at the next seq. A stream that resumes
 * after seq n thus gets every change made since, in order, like the messages.
 */
export interface MessageUpdate {
  seq: number;
  update: ChatMessage;
}

export type RoomLogEntry = ChatMessage | MessageUpdate;

export function isMessageUpdate(entry: RoomLogEntry): entry is MessageUpdate {
  return "update" in entry;
}

export interface MessagePreview {
  author: string;
  /** The first PREVIEW_LENGTH characters, on one line. */
  text: string;
  createdAt: number;
  /** The message's seq, so that editing or deleting it updates the preview too. */
  seq?: number;
  deleted?: true;
}

/** The room record, ["rooms", roomId]. Rewritten by every message in that message's commit. */
export interface RoomRecord {
  id: string;
  name: string;
  createdAt: number;
  /** When the room was created or last had a message: the rooms list's sort order. */
  lastActivity: number;
  /** Messages ever sent (deleted ones too): what unread counts are reckoned from. */
  messageCount: number;
  /** The seq of the newest entry in the room's log (messages and updates); absent on rooms
   * that have had no update yet, where it is messageCount (see headOf). */
  lastSeq?: number;
  lastMessage: MessagePreview | null;
}

/** A room in the rooms list. */
export interface RoomSummary extends RoomRecord {
  /** Members with an open stream to the room now. */
  online: number;
}

export interface RoomsSnapshot {
  rooms: RoomSummary[];
  /** Rooms in total (the list holds at most ROOMS_LIST_LIMIT). */
  total: number;
}

export interface PresenceMember {
  memberId: string;
  name: string;
}

/** Who is in a room now, and who is typing. */
export interface PresenceSnapshot {
  /** Members online (the list below may be shorter: it is capped). */
  online: number;
  members: PresenceMember[];
  typing: PresenceMember[];
}

/** A presence event on a room stream: the snapshot plus who the receiving visitor is. */
export interface PresenceEvent extends PresenceSnapshot {
  you: string;
}

/** A page of messages, oldest first. */
export interface MessagePage {
  messages: ChatMessage[];
  /** Pass as `?before=` to get the page before these; null when these reach the room's start. */
  before: string | null;
  /** With `?after=`: more messages follow the last one. */
  hasMore: boolean;
}

/** What a room stream says when it cannot resume where the client left off (the id it gave
 * is unknown here: the data was reset). The client should reload the room's messages. */
export interface ResetEvent {
  reason: "unknown_last_event_id";
}

/**
 * The event types a room stream sends (inside lib/sse's envelope). "messages" carries
 * ChatMessage[] — consecutive messages in seq order, one or (when the stream has fallen
 * behind) more — and its SSE id is the last one's id, so resuming from it is exact.
 * "updates" carries ChatMessage[] too: the new states of earlier messages (MessageUpdate),
 * with the seq of the last update as its SSE id.
 */
export const ROOM_EVENT = { messages: "messages", updates: "updates", presence: "presence", reset: "reset" } as const;
/** Most messages in one "messages" event. */
export const MAX_MESSAGES_PER_EVENT = 100;
/** The event type of the rooms-list stream. */
export const ROOMS_EVENT = "rooms";

/** The seq of the newest entry in the room's log. */
export function headOf(room: RoomRecord): number {
  return room.lastSeq ?? room.messageCount;
}
