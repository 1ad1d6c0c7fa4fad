// What /s/{code} does, minus HTTP: find the link, refuse it when expired, count the visit,
// and say where to send the visitor.

import type { Kv } from "@/lib/kv";
import { recordBotHit, recordClick } from "./click";
import { isShortLinkOn } from "./own-short-link";
import { safeRedirectTarget } from "./redirect-target";
import { forgetLink, isExpired, publicLink, resolveLink } from "./resolve";
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
  | { kind: "expired"; link: PublicLink };

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
  for (let attempt = 0; link !== null; attempt++) {
    if (isExpired(link, now)) return { kind: "expired", link: publicLink(link, now) };
    const url = safeRedirectTarget(link.url);
    if (url === null) return { kind: "blocked", reason: "not_web" };
    // Creation refuses these, but a record can be older, or made with a Host the app never had.
    if (isShortLinkOn(url, hosts)) return { kind: "blocked", reason: "short_link" };
    const target = url.href;
    if (await count(kv, link, visit, now)) return { kind: "redirect", url: target, counted: true };
    // The cached record is stale: the link was deleted or re-created since. Read it afresh.
    forgetLink(kv, code);
    if (attempt === 1) {
      // Changed twice in a row under us: still send the visitor on, without counting.
      return { kind: "redirect", url: target, counted: false };
    }
    link = await resolveLink(kv, code);
  }
  return { kind: "not_found" };
}
