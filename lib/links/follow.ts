// What /s/{code} does, minus HTTP: find the link, refuse it when expired or paused, count the
// visit, and say where to send the visitor. A link may have changed on another instance since
// this process cached it: a redirect is confirmed by its click commit (which checks the
// versionstamp), and any other answer by reading the link afresh first (resolve.ts).

import type { Kv } from "@/lib/kv";
import { recordBotHit, recordClick } from "./click";
import { isShortLinkOn } from "./own-short-link";
import { safeRedirectTarget } from "./redirect-target";
import { isExpired, publicLink, resolveLink, resolveLinkFresh } from "./resolve";
import type { Link, PublicLink } from "./types";
import type { Visit } from "./visit";

export type FollowOutcome =
  | { kind: "redirect"; url: string; counted: boolean }
  | { kind: "not_found" }
  /**
   * Never redirected to, nothing counted: the record's target is not an http(s) URL
   * ("not_web"), or is a short link on the host the visitor came in by ("short_link"), which
   * would send the visitor round in a loop or on through another short link.
   */
  | { kind: "blocked"; reason: "not_web" | "short_link" }
  | { kind: "expired"; link: PublicLink }
  /** Paused by its owner: nothing counted, no redirect. */
  | { kind: "paused"; link: PublicLink };

async function count(kv: Kv, link: Link, visit: Visit, now: number): Promise<boolean> {
  return visit.isBot ? recordBotHit(kv, link) : recordClick(kv, link, { ...visit.details, at: now });
}

export interface FollowOptions {
  /** The Host header values the click came in by (the visitor's own origin, not the creator's). */
  hosts?: readonly string[];
  now?: number;
}

export async function followLink(kv: Kv, code: string, visit: Visit, options: FollowOptions = {}): Promise<FollowOutcome> {
  const { hosts = [], now = Date.now() } = options;
  let link = await resolveLink(kv, code);
  let fresh = false;
  let failedCommits = 0;
  while (link !== null) {
    const refusal = refuse(link, hosts, now);
    if (refusal === null) {
      const target = (safeRedirectTarget(link.url) as URL).href;
      if (await count(kv, link, visit, now)) return { kind: "redirect", url: target, counted: true };
      // Changed twice in a row under us (each time read afresh): still send the visitor on, uncounted.
      if (++failedCommits === 2) return { kind: "redirect", url: target, counted: false };
    } else if (fresh) {
      return refusal;
    }
    // The cached record is stale (edited, paused, deleted or re-created since), or a refusal
    // must not rest on a cached one (it may have been unpaused or edited elsewhere).
    link = await resolveLinkFresh(kv, code);
    fresh = true;
  }
  return { kind: "not_found" };
}

/** Why `link` is not to be followed now, or null when it is. */
function refuse(link: Link, hosts: readonly string[], now: number): FollowOutcome | null {
  if (link.paused === true) return { kind: "paused", link: publicLink(link, now) };
  if (isExpired(link, now)) return { kind: "expired", link: publicLink(link, now) };
  const url = safeRedirectTarget(link.url);
  if (url === null) return { kind: "blocked", reason: "not_web" };
  // Creation refuses these, but a record can be older, or made with a Host the app never had.
  if (isShortLinkOn(url, hosts)) return { kind: "blocked", reason: "short_link" };
  return null;
}
