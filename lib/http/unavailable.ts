// The answers for a request that met a Redis outage: 503 with Retry-After, never a 500 and
// never a hang. Two of them, because a client must know whether a retry can duplicate:
// `unavailable` — nothing was done (Redis was not reached, or refused the command before
// changing anything: full, read-only, loading) — and `outcome_unknown` — the change was sent
// and no answer came, so it may or may not have been applied.

import { KvCommitUnknownError } from "@/lib/kv/commit-unknown";
import { isRedisUnavailable } from "@/lib/redis/unavailable";
import { jsonError } from "./json-error";

/** Seconds a client is told to wait: about how long a supervised Redis takes to come back. */
export const UNAVAILABLE_RETRY_AFTER_S = 2;

const MESSAGE = "The data store is unreachable right now, so nothing was done. Please try again in a few seconds.";

const UNKNOWN_MESSAGE =
  "The data store stopped answering after the change was sent, so it may or may not have been applied. " +
  "Retrying with the same idempotency key (for a chat message, the same clientId) is safe; otherwise check before retrying.";

export function unavailableResponse(message = MESSAGE): Response {
  return jsonError(503, "unavailable", message, { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S) });
}

export function outcomeUnknownResponse(): Response {
  return jsonError(503, "outcome_unknown", UNKNOWN_MESSAGE, { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S) });
}

/** A write that was sent to Redis with no answer: its outcome is unknown. */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof KvCommitUnknownError;
}

export { isRedisUnavailable };
