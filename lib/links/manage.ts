// Changing a link: its target and whether it is paused, by its owner only (the visitor id
// that created it). One commit in the link's own partition, checked against the record's
// versionstamp, so two edits never interleave and every instance's cached copy is noticed as
// stale at its next visit (resolve.ts).

import type { Kv } from "@/lib/kv";
import { LinkError } from "./errors";
import { linkKey } from "./keys";
import { rememberLink, resolveLink, resolveLinkFresh } from "./resolve";
import type { Link, LinkRecord } from "./types";
import { validateTargetUrl } from "./validate";

export interface LinkChanges {
  /** A new target (validated as createLink validates it, https:// added when typed without). */
  url?: string;
  paused?: boolean;
}

// Another edit of the same link in between is the only reason a checked commit fails.
const ATTEMPTS = 5;

/** The link as owned by `owner`, read from Redis; a LinkError when it is missing or someone else's. */
export async function ownedLink(kv: Kv, code: string, owner: string): Promise<Link> {
  const link = await resolveLinkFresh(kv, code);
  if (link === null) throw new LinkError("not_found", "There is no short link with that code.");
  if (link.owner !== owner) throw new LinkError("not_owner", "Only the visitor who created this link can change it.");
  return link;
}

/**
 * Whether `visitor` (null: no valid cookie) created the link: what lets a page show its
 * owner the controls, without the owner's id ever leaving the server.
 */
export async function ownsLink(kv: Kv, code: string, visitor: string | null): Promise<boolean> {
  if (visitor === null) return false;
  const link = await resolveLink(kv, code);
  return link !== null && link.owner === visitor;
}

export async function updateLink(kv: Kv, code: string, owner: string, changes: LinkChanges, appOrigin: string): Promise<Link> {
  const url = changes.url === undefined ? undefined : validateTargetUrl(changes.url, appOrigin);
  if (url === undefined && changes.paused === undefined) {
    throw new LinkError("nothing_to_change", "Send a new url, or paused: true or false.");
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const link = await ownedLink(kv, code, owner);
    const record: LinkRecord = {
      code: link.code,
      url: url ?? link.url,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      owner: link.owner,
      paused: changes.paused ?? link.paused === true,
    };
    const result = await kv
      .atomic()
      .check({ key: linkKey(link.code), versionstamp: link.versionstamp })
      .set(linkKey(link.code), record)
      .commit();
    if (result.ok) {
      const updated: Link = { ...record, versionstamp: result.versionstamp };
      rememberLink(kv, updated);
      return updated;
    }
  }
  throw new LinkError("link_busy", "The link is being changed elsewhere. Please try again.");
}
