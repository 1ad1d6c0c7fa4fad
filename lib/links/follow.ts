// What /s/{code} does, minus HTTP: find the link, refuse it when expired, count the visit,
// and say where to send the visitor.

import type { Kv } from "@/lib/kv";
import { recordBotHit, recordClick } from "./click";
import { safeRedirectTarget } from "./redirect-target";
import { forgetLink, isExpired, publicLink, resolveLink } from "./resolve";
import type { Link, PublicLink } from "./types";
import type { Visit } from "./visit";

export type FollowOutcome =
  | { kind: "redirect"; url: string; counted: boolean }
  | { kind: "not_found" }
  /** The record's target is not an http(s) URL: never redirected to, nothing counted. */
  | { kind: "blocked" }
  | { kind: "expired"; link: PublicLink };

async function count(kv: Kv, link: Link, visit: Visit, now: number): Promise<boolean> {
  return visit.isBot ? recordBotHit(kv, link) : recordClick(kv, link, { ...visit.details, at: now });
}

export async function followLink(kv: Kv, code: string, visit: Visit, now = Date.now()): Promise<FollowOutcome> {
  let link = await resolveLink(kv, code);
  for (let attempt = 0; link !== null; attempt++) {
    if (isExpired(link, now)) return { kind: "expired", link: publicLink(link, now) };
    const target = safeRedirectTarget(link.url);
    if (target === null) return { kind: "blocked" };
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
