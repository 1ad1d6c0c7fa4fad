// The base of the errors feature modules raise on purpose (ChatError, PostError): a code
// programs can branch on, the HTTP status it means, and a message for people. errorResponse
// answers any of them with that status.

import type { ExposedError } from "./error-response";

export class CodedError<Code extends string> extends Error implements ExposedError {
  constructor(
    readonly code: Code,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
