// A clientId: the id a client gives one create so that sending it again (a retry after a
// lost answer) cannot create it twice. The same rule for every create that takes one.

import { z } from "zod";
import { IdempotencyError } from "./errors";

// crypto.randomUUID(), or 16 random bytes in base64url, fit; so does any key a client makes
// of letters, digits, '-' and '_'.
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The shape a request body's `clientId` may have; the rule itself is normalizeClientId's. */
export const clientIdField = z.string({ error: "clientId must be a string" }).max(100, "clientId is too long").nullish();

/** The clientId, or null when none was given; throws invalid_client_id (422) for a bad one. */
export function normalizeClientId(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (!CLIENT_ID.test(value)) {
    throw new IdempotencyError("invalid_client_id", "clientId must be 8–64 letters, digits, '-' or '_'.");
  }
  return value;
}
