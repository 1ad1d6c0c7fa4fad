// Room ids and message ids.
//
// A room's id is its URL segment (/chat/{id}): a readable slug of its name ("Front-end
// Guild" → "front-end-guild"), with a random suffix when the slug is taken or there is no
// slug to make (a name in a script without Latin letters). The name, not the slug, is what
// must be unique (see foldRoomName); the slug just has to be free.
//
// A message's id is its seq in the room as a decimal string: the SSE event id and the
// value a client resumes from.

import { randomInt } from "node:crypto";

const ROOM_ID = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;
const SLUG_LENGTH = 40;
// Path segments the rooms API uses next to room ids: /api/rooms/events is the rooms stream.
const RESERVED = new Set(["events", "new"]);
const SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no 0/o, 1/l: readable aloud

export function isRoomId(value: string): boolean {
  return ROOM_ID.test(value);
}

export function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // the accents NFKD split off: "Café" → "Cafe"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, SLUG_LENGTH)
    .replace(/^-+|-+$/g, "");
  return RESERVED.has(slug) ? "" : slug;
}

function randomSuffix(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return out;
}

/** Candidate ids for a room name: the bare slug first, then the slug with a random suffix. */
export function roomIdCandidate(name: string, attempt: number): string {
  const slug = slugOf(name);
  if (slug === "") return `room-${randomSuffix(6)}`;
  return attempt === 0 ? slug : `${slug}-${randomSuffix(4)}`;
}

export const messageIdOf = (seq: number): string => String(seq);

// Up to 15 digits: beyond any room's message count, and still an exact double.
const MESSAGE_ID = /^(0|[1-9][0-9]{0,14})$/;

/** The seq a message id names (0 = "before the first message"), or null if it is not one. */
export function seqOf(id: string): number | null {
  return MESSAGE_ID.test(id) ? Number(id) : null;
}
