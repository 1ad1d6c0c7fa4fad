// A visitor's public face in chat. Presence lists and messages must say who is who, but the
// visitor id is the cookie itself: whoever learns it can act as that visitor everywhere in
// the app. So chat shows (and stores) a one-way hash of it instead.

import { createHash } from "node:crypto";

// A fixed label keeps these hashes from matching hashes of the same id made for other uses.
const LABEL = "livekv-chat-member:";

/** 16 base64url characters (96 bits): unlinkable to the cookie, unique in practice. */
export function memberIdOf(visitorId: string): string {
  return createHash("sha256").update(LABEL + visitorId).digest("base64url").slice(0, 16);
}
