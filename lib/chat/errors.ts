// Every way a chat operation can fail on purpose, with the HTTP status it means. Routes
// answer these as `{ error: { code, message } }` through lib/http's errorResponse.

import { CodedError } from "@/lib/http/coded-error";

export type ChatErrorCode =
  | "invalid_room_name"
  | "room_name_taken"
  | "room_not_found"
  | "invalid_author"
  | "invalid_text"
  | "invalid_cursor"
  | "invalid_last_event_id"
  | "message_not_found"
  | "not_your_message"
  | "message_deleted"
  | "unknown_reaction"
  | "too_many_reactions"
  | "busy";

const STATUS: Record<ChatErrorCode, number> = {
  invalid_room_name: 422,
  room_name_taken: 409,
  room_not_found: 404,
  invalid_author: 422,
  invalid_text: 422,
  invalid_cursor: 400,
  invalid_last_event_id: 400,
  message_not_found: 404,
  // Only a message's author (the visitor who sent it) may edit or delete it.
  not_your_message: 403,
  message_deleted: 409,
  unknown_reaction: 404,
  too_many_reactions: 409,
  // Only after many commits in a row lost to other writers of the same room: a retry works.
  busy: 503,
};

export class ChatError extends CodedError<ChatErrorCode> {
  constructor(code: ChatErrorCode, message: string) {
    super(code, STATUS[code], message);
    this.name = "ChatError";
  }
}
