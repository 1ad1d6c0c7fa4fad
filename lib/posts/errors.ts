// Every way a posts command can fail on purpose, with the HTTP status it means. Routes
// answer these as `{ error: { code, message } }` through lib/http's errorResponse.

import { CodedError } from "@/lib/http/coded-error";

export type PostErrorCode =
  | "not_found"
  | "invalid_author"
  | "invalid_text"
  | "invalid_title"
  | "invalid_body"
  | "invalid_parent"
  | "invalid_id"
  | "not_yours"
  | "conflict";

const STATUS: Record<PostErrorCode, number> = {
  not_found: 404,
  invalid_author: 422,
  invalid_text: 422,
  invalid_title: 422,
  invalid_body: 422,
  // A reply to a reply (they go one level deep), or to a comment that is gone.
  invalid_parent: 422,
  // Deleting a comment someone else wrote.
  not_yours: 403,
  // Ids arrive in paths and query strings; a malformed one names no post.
  invalid_id: 400,
  // The post changed under a command several times in a row; a retry will almost surely pass.
  conflict: 409,
};

export class PostError extends CodedError<PostErrorCode> {
  constructor(code: PostErrorCode, message: string) {
    super(code, STATUS[code], message);
    this.name = "PostError";
  }
}
