// A visitor's public face on posts and comments. Pages must tell which comments are the
// visitor's own (to offer "delete"), but the visitor id is the cookie itself: whoever learns
// it can act as that visitor everywhere in the app. So posts store and show a one-way hash.

import { createHash } from "node:crypto";

// A fixed label keeps these hashes from matching hashes of the same id made for other uses
// (chat's member ids), so a visitor cannot be followed from one demo to the other.
const LABEL = "livekv-post-author:";

/** 16 base64url characters (96 bits): unlinkable to the cookie, unique in practice. */
export function authorIdOf(visitorId: string): string {
  return createHash("sha256").update(LABEL + visitorId).digest("base64url").slice(0, 16);
}
