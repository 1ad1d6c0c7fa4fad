// Sending messages. Each message is written in ONE commit with the room record (activity
// marker, preview, count), the sender's idempotency key and name, and the end of their
// "typing…" — see room-writer.ts, which numbers it and groups it with other writes to the room.

import type { ClientScope } from "@/lib/idempotency";
import type { Kv } from "@/lib/kv";
import { ChatError } from "../errors";
import { isRoomId } from "../ids";
import { normalizeAuthor, normalizeClientId, normalizeText } from "../validate";
import { writeToRoom, type SendResult } from "./room-writer";

export type { SendResult } from "./room-writer";

export interface SendInput {
  author: string;
  text: string;
  /** The sender's own id for this message: sending it again returns the first one. */
  clientId?: string | null;
}

/**
 * Sends `input` to a room as `sender` (its id: the member id; isNew: the request came
 * without a cookie, so its retry will too and is looked up among new visitors' clientIds),
 * or a member id for a known member.
 */
export async function sendMessage(
  kv: Kv,
  roomId: string,
  input: SendInput,
  sender: ClientScope | string,
  now: () => number = Date.now,
): Promise<SendResult> {
  const author = normalizeAuthor(input.author);
  const text = normalizeText(input.text);
  const clientId = normalizeClientId(input.clientId);
  // Before any key is made of it: a path segment can be longer than a KV key may be.
  if (!isRoomId(roomId)) throw new ChatError("room_not_found", "There is no such room.");
  const scope = typeof sender === "string" ? { id: sender, isNew: false } : sender;
  return writeToRoom(kv, roomId, scope.id, { kind: "send", author, text, clientId, sender: scope }, now);
}
