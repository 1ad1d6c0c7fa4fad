// lib/visitor: who is asking, as far as an anonymous app can tell — a random id kept in a
// cookie the server signs.

export { getVisitorId, readVisitorId, newVisitorId, VISITOR_COOKIE, type Visitor } from "./visitor-id";
export { configuredSecret, visitorSecret } from "./secret";
export { NEW_VISITOR_RATE } from "./new-visitor-rate";
