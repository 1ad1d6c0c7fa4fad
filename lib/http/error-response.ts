// errorResponse: what a route handler answers for anything it throws.

import { logError } from "@/lib/log";
import { jsonError } from "./json-error";
import { isOutcomeUnknown, isRedisUnavailable, outcomeUnknownResponse, unavailableResponse, UNAVAILABLE_RETRY_AFTER_S } from "./unavailable";

/** An error a feature module raises on purpose, with the HTTP status and code it maps to. */
export interface ExposedError {
  status: number;
  code: string;
  message: string;
  /** Extra response headers, e.g. Connection: close from a server that is shutting down. */
  headers?: Record<string, string>;
}

function isExposedError(error: unknown): error is ExposedError {
  if (!(error instanceof Error)) return false;
  const { status, code } = error as Error & { status?: unknown; code?: unknown };
  return typeof status === "number" && status >= 400 && status <= 599 && typeof code === "string";
}

/**
 * The response for anything a handler throws. Deliberate errors (a numeric `status` and a
 * string `code`) keep their status and message; a Redis outage is a 503 (the request was
 * fine, the store was away): `outcome_unknown` for a write sent without an answer (or
 * applied without the replicas asked for), `unavailable` otherwise; anything else is logged
 * and answered with a generic 500, so no stack trace or internal detail reaches the client.
 */
export function errorResponse(error: unknown): Response {
  if (isExposedError(error)) {
    // A deliberate 503 (e.g. the server is shutting down) still tells clients when to retry.
    const headers: Record<string, string> = { ...error.headers };
    if (error.status === 503) headers["Retry-After"] = String(UNAVAILABLE_RETRY_AFTER_S);
    return jsonError(error.status, error.code, error.message, headers);
  }
  // Before the outage test: an unknown outcome is an outage too, but not "nothing was done".
  if (isOutcomeUnknown(error)) return outcomeUnknownResponse(error);
  if (isRedisUnavailable(error)) return unavailableResponse();
  logError("request failed", error);
  return jsonError(500, "internal_error", "Something went wrong on our side. Please try again.");
}
