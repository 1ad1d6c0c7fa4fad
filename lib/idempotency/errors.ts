// How a clientId can be refused, with the HTTP status it means.

import { CodedError } from "@/lib/http/coded-error";

export type IdempotencyErrorCode = "invalid_client_id" | "client_id_reused";

// Both are 422, as the IETF's Idempotency-Key draft has it for a reused key: the request is
// well-formed but can never succeed as it is (a new clientId makes it a new request). Not
// 409, which this API answers for a conflict with stored data that another choice avoids
// (a code or a room name taken).
const STATUS: Record<IdempotencyErrorCode, number> = {
  invalid_client_id: 422,
  client_id_reused: 422,
};

export class IdempotencyError extends CodedError<IdempotencyErrorCode> {
  constructor(code: IdempotencyErrorCode, message: string) {
    super(code, STATUS[code], message);
    this.name = "IdempotencyError";
  }
}
