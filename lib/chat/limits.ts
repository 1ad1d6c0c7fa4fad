// The chat's numbers in one place. Plain constants with no imports, so the browser bundle
// (composer counters, name fields) and the server agree on every limit.

export const MAX_ROOM_NAME = 48;
export const MAX_AUTHOR = 40;
export const MAX_TEXT = 2_000;
/** Characters of the last message kept on the room record for the rooms list. */
export const PREVIEW_LENGTH = 140;

/** A page of messages: default and most a client may ask for. */
export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** A connection's presence key lives this long unless refreshed, so a tab whose goodbye is
 * lost (crash, network gone, server killed) drops out within this time. */
export const PRESENCE_TTL_MS = 30_000;
/** How often an open stream refreshes its presence key: three refreshes per TTL, so one
 * slow or lost refresh never makes a present visitor blink out. */
export const PRESENCE_REFRESH_MS = 10_000;
/** "X is typing…" lasts this long after the last keystroke report. */
export const TYPING_TTL_MS = 4_000;
/** The browser reports typing at most this often while the visitor keeps typing. */
export const TYPING_REPORT_MS = 2_500;
/** A display name set for a room is kept this long after it was last used there. */
export const NAME_TTL_MS = 24 * 60 * 60 * 1000;

/** Presence updates to one room's viewers are sent at most this often: a burst of joins
 * (or a class of 30 opening the link at once) becomes one update, not thirty. */
export const PRESENCE_THROTTLE_MS = 300;
/** …and in a big room, less often still: an update goes to everyone in the room, so without
 * this a crowd arriving costs (arrivals × crowd) events. +PRESENCE_THROTTLE_MS per this many
 * online, up to PRESENCE_THROTTLE_MAX_MS. */
export const PRESENCE_THROTTLE_PER = 100;
export const PRESENCE_THROTTLE_MAX_MS = 5_000;
/** Members listed by name in a presence update; beyond this only the count grows, so an
 * update stays small however big the room gets. */
export const PRESENCE_LIST_LIMIT = 50;
/** Rooms in the live rooms list (most recently active first). */
export const ROOMS_LIST_LIMIT = 100;
/** The rooms list is recomputed at most this often while rooms are busy. */
export const ROOMS_THROTTLE_MS = 250;

/** Per sender (and per address, where it is known): messages per window. */
export const MESSAGE_RATE = { limit: 10, windowMs: 10_000 } as const;
/** Per sender (and address): reactions added or taken back per window. */
export const REACTION_RATE = { limit: 20, windowMs: 10_000 } as const;
/** Members listed under one reaction of one message: the stored message stays small (a
 * message is rewritten, and sent to every viewer, on each reaction). */
export const MAX_REACTORS = 500;
/** Per visitor: rooms created per window. */
export const ROOM_RATE = { limit: 5, windowMs: 60_000 } as const;
/** Per visitor: typing reports and name changes per window (cheap, but each is a write
 * every viewer of the room hears about). */
export const SIGNAL_RATE = { limit: 30, windowMs: 10_000 } as const;

/** How long a client's idempotency key (clientId) remembers the message it sent. */
export const CLIENT_ID_TTL_MS = 24 * 60 * 60 * 1000;
