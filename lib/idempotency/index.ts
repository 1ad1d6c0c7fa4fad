// lib/idempotency: creates a client can safely send again. A create that carries a clientId
// answers a repeat of it (same visitor, same request, within 24 hours) with what the first
// created, instead of creating it twice. Server-only; the browser side is ./submission-key.

export { normalizeClientId, clientIdField } from "./client-id";
export { createRequest, createdBefore, clientScopeKey, rememberCreated, rememberCreatedAgain, requestTag, CLIENT_ID_TTL_MS, type ClientKey, type ClientScope, type CreateRequest } from "./create-once";
export { IdempotencyError, type IdempotencyErrorCode } from "./errors";
