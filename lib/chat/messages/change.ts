// Changing a message after it was sent: its author edits or deletes it; anyone reacts to it.
// Who is who is the member id of the signed visitor cookie, so only the browser that sent a
// message can change its text. Each change is one commit (room-writer.ts) that rewrites the
// message and adds its new state to the room's log, so every open stream shows it live and a
// stream resuming from Last-Event-ID gets it too.

import type { Kv } from "@/lib/kv";
import { ChatError } from "../errors";
import { isRoomId, seqOf } from "../ids";
import { MAX_REACTORS } from "../limits";
import { isReactionName } from "../reactions";
import type { ChatMessage } from "../types";
import { normalizeText } from "../validate";
import { writeToRoom, type ChangeResult } from "./room-writer";

export type { ChangeResult } from "./room-writer";

function targetOf(roomId: string, messageId: string): number {
  const seq = seqOf(messageId);
  if (!isRoomId(roomId) || seq === null || seq === 0) {
    throw new ChatError(isRoomId(roomId) ? "message_not_found" : "room_not_found", "There is no such message in this room.");
  }
  return seq;
}

function requireAuthor(message: ChatMessage, memberId: string, doing: string): void {
  if (message.memberId !== memberId) throw new ChatError("not_your_message", `Only the person who sent a message can ${doing} it.`);
}

function requireNotDeleted(message: ChatMessage): void {
  if (message.deleted) throw new ChatError("message_deleted", "That message was deleted.");
}

/** Sets the message's text (its author only). The same text again changes nothing. */
export async function editMessage(
  kv: Kv,
  roomId: string,
  messageId: string,
  rawText: string,
  memberId: string,
  now: () => number = Date.now,
): Promise<ChangeResult> {
  const text = normalizeText(rawText);
  const seq = targetOf(roomId, messageId);
  return writeToRoom(kv, roomId, memberId, {
    kind: "change",
    seq,
    change: (message, at) => {
      requireAuthor(message, memberId, "edit");
      requireNotDeleted(message);
      if (message.text === text) return null;
      return { ...message, text, editedAt: Math.max(at, message.createdAt) };
    },
  }, now);
}

/** Deletes the message (its author only): its text and reactions go, its place stays. */
export async function deleteMessage(
  kv: Kv,
  roomId: string,
  messageId: string,
  memberId: string,
  now: () => number = Date.now,
): Promise<ChangeResult> {
  const seq = targetOf(roomId, messageId);
  return writeToRoom(kv, roomId, memberId, {
    kind: "change",
    seq,
    change: (message) => {
      requireAuthor(message, memberId, "delete");
      if (message.deleted) return null;
      const { reactions: _reactions, editedAt: _editedAt, ...rest } = message;
      return { ...rest, text: "", deleted: true };
    },
  }, now);
}

/** Adds (`on`) or takes back the member's own reaction `name` on a message. Idempotent. */
export async function setReaction(
  kv: Kv,
  roomId: string,
  messageId: string,
  name: string,
  on: boolean,
  memberId: string,
  now: () => number = Date.now,
): Promise<ChangeResult> {
  if (!isReactionName(name)) throw new ChatError("unknown_reaction", "There is no such reaction.");
  const seq = targetOf(roomId, messageId);
  return writeToRoom(kv, roomId, memberId, {
    kind: "change",
    seq,
    change: (message) => {
      requireNotDeleted(message);
      const members = message.reactions?.[name] ?? [];
      if (members.includes(memberId) === on) return null;
      if (on && members.length >= MAX_REACTORS) throw new ChatError("too_many_reactions", "This reaction is full.");
      const next = on ? [...members, memberId] : members.filter((member) => member !== memberId);
      const reactions = { ...message.reactions, [name]: next };
      if (next.length === 0) delete reactions[name];
      const { reactions: _reactions, ...rest } = message;
      return Object.keys(reactions).length === 0 ? rest : { ...rest, reactions };
    },
  }, now);
}
