// lib/visitor: who is asking, as far as an anonymous app can tell — a random id kept in a cookie.

export { getVisitorId, readVisitorId, newVisitorId, visitorCookie, VISITOR_COOKIE, type Visitor } from "./visitor-id";
