// The answer for a request that met a Redis outage: 503 with Retry-After, never a 500 and
// never a hang. The message says plainly that nothing was done, so a client may retry a
// write without fearing a duplicate from this attempt.

import { isRedisUnavailable } from "@/lib/redis/unavailable";
import { jsonError } from "./json-error";

/** Seconds a client is told to wait: about how long a supervised Redis takes to come back. */
export const UNAVAILABLE_RETRY_AFTER_S = 2;

const MESSAGE = "The data store is unreachable right now, so nothing was done. Please try again in a few seconds.";

export function unavailableResponse(message = MESSAGE): Response {
  return jsonError(503, "unavailable", message, { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S) });
}

export { isRedisUnavailable };
