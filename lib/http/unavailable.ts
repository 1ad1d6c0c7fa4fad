// The answers for a request that met a Redis outage: 503 with Retry-After, never a 500 and
// never a hang. Two of them, because a client must know whether a retry can duplicate:
// `unavailable` — nothing was done (Redis was not reached, or refused the command before
// changing anything: full, read-only, loading) — and `outcome_unknown` — the change was sent
// and no answer came, so it may or may not have been applied; or (with LIVEKV_WAIT_REPLICAS)
// it was applied on the primary but no replica confirmed it in time, so a failover now may
// lose it: whether it lasts is unknown.

import { KvCommitNotReplicatedError } from "@/lib/kv/commit-refusals";
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

const NOT_REPLICATED_MESSAGE =
  "The change was applied, but no replica of the data store confirmed it in time, so it may yet be lost if the store fails over now. " +
  "Retrying with the same idempotency key (for a chat message, the same clientId) is safe; otherwise check before retrying.";

/** The 503 for a write whose outcome is unknown (isOutcomeUnknown), saying which way it is. */
export function outcomeUnknownResponse(error?: unknown): Response {
  const message = error instanceof KvCommitNotReplicatedError ? NOT_REPLICATED_MESSAGE : UNKNOWN_MESSAGE;
  return jsonError(503, "outcome_unknown", message, { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S) });
}

/**
 * A write that was sent to Redis with no answer, or applied on the primary without the
 * replicas asked for: whether it is (and stays) there is unknown.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof KvCommitUnknownError || error instanceof KvCommitNotReplicatedError;
}

export { isRedisUnavailable };
