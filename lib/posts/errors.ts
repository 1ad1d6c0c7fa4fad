// Every way a posts command can fail on purpose, with the HTTP status it means. Routes
// answer these as `{ error: { code, message } }` through lib/http's errorResponse.

import { CodedError } from "@/lib/http/coded-error";

export type PostErrorCode = "not_found" | "invalid_author" | "invalid_text" | "invalid_id" | "conflict";

const STATUS: Record<PostErrorCode, number> = {
  not_found: 404,
  invalid_author: 422,
  invalid_text: 422,
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
