// Visitor cookies for e2e clients that are not browsers (API calls, SSE clients): signed with
// the LIVEKV_SECRET that playwright.config.ts gives every app it starts, as the app signs the
// cookies it hands out. A made-up id would be a new visitor on every request.

import { randomBytes } from "node:crypto";
import { signVisitorId } from "../../lib/visitor/signature";

/** A `lkv_vid=…` Cookie header naming a visitor of its own (or `id`). */
export function visitorCookie(id: string = randomBytes(16).toString("base64url")): string {
  const secret = process.env.LIVEKV_SECRET;
  if (!secret) throw new Error("LIVEKV_SECRET is not set: playwright.config.ts sets it for the e2e apps");
  return `lkv_vid=${signVisitorId(id, new TextEncoder().encode(secret))}`;
}
