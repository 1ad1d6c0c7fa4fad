// lib/http: small helpers route handlers share — JSON errors, capped and validated JSON
// bodies, the client's address and origin.

export { jsonError, errorResponse, type ErrorBody, type ExposedError } from "./json-error";
export { readJson, type ReadResult, type ReadJsonOptions } from "./read-json";
export { clientAddress, trustProxy } from "./client-address";
export { requestOrigin } from "./origin";
