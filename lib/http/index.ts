// lib/http: small helpers route handlers share — JSON errors, capped and validated JSON
// bodies, the client's address and origin.

export { jsonError, type ErrorBody } from "./json-error";
export { errorResponse, type ExposedError } from "./error-response";
export {
  unavailableResponse,
  outcomeUnknownResponse,
  isOutcomeUnknown,
  isRedisUnavailable,
  UNAVAILABLE_RETRY_AFTER_S,
} from "./unavailable";
export { readJson, type ReadResult, type ReadJsonOptions } from "./read-json";
export { clientAddress, trustProxy } from "./client-address";
export { trustedProxyHops } from "./trusted-proxies";
export { stampPeerAddress } from "./peer-address";
export { isLocalPeer } from "./local-peer";
export { requestHosts, requestOrigin } from "./origin";
export type { RequestHead } from "./request-head";
