// lib/visitor: who is asking, as far as an anonymous app can tell — a random id kept in a
// cookie the server signs.

export { getVisitorId, readVisitorId, newVisitorId, visitorCookieHeader, VISITOR_COOKIE, type Visitor } from "./visitor-id";
export { visitorSecret, configuredSecret, SecretConfigError } from "./secret";
export { signVisitorId } from "./signature";
