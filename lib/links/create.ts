// Creating a short link, in steps that each stay within one partition of a Kv spread over a
// Redis Cluster (lib/server/partitions.ts): a link's keys are one partition, its creator's list
// (and the clientIds of a known visitor's creates) another.
//
// 1. The record, in a commit that first checks the code is free (versionstamp null), so two
//    creators racing for one code can never both get it.
// 2. The creator's list entry and, with a clientId, the clientId (lib/idempotency), so a repeat
//    answers with the link the first created — a generated code would otherwise make a second
//    link. One commit for a known visitor (both in the visitor's partition). For a new visitor
//    (no cookie, so its retry comes as another new visitor) the clientId is kept apart, and
//    written before the list entry, so that a twin that lost writes nothing to its own list.
//
// The order keeps what a user can see whole: the record first, so whatever a list or a
// clientId points at exists; a create stopped between the steps (a fault, a lost twin) leaves a
// link that no list shows and nobody was told the code of, and its retry makes the link anew.
// Codes are stored in lower case (validate.ts's canonicalCode), so the free-code check refuses
// any other spelling of a taken code too.
// A record carries a tag of the clientId that made it, so a twin that finds its custom code
// taken by its own double click answers with that link instead of "code taken".

import {
  createdBefore,
  createRequest,
  rememberCreated,
  requestTag,
  type CreateRequest,
} from "@/lib/idempotency";
import type { Kv } from "@/lib/kv";
import { generateCode as defaultGenerateCode } from "./codes";
import { LinkError } from "./errors";
import { linkKey, visitorLinkKey } from "./keys";
import { rememberLink, resolveLink } from "./resolve";
import { timeOrderedId } from "./time-id";
import type { Link, LinkRecord, VisitorLinkEntry } from "./types";
import { validateCustomCode, validateExpireIn, validateTargetUrl } from "./validate";

export interface CreateLinkInput {
  url: string;
  /** A custom code; generated when absent (or empty). */
  code?: string | null;
  /** Milliseconds until the link expires and answers 410. */
  expireIn?: number | null;
  /** The client's id for this create: sending it again returns the first link. */
  clientId?: string | null;
}

export interface CreateLinkContext {
  /** The creator's visitor id. */
  owner: string;
  /** The creator came without a visitor cookie (see ClientScope). */
  newVisitor?: boolean;
  /** This app's origin: links to its own /s/ paths are refused. */
  appOrigin: string;
  /** When the link is created (epoch ms); default now. */
  now?: number;
  /** Source of generated codes (tests pass a predictable one). */
  generateCode?: () => string;
}

// A generated code is taken with probability (links / 62^7); five in a row means something
// is badly wrong (or a test forces it), not bad luck.
const GENERATED_ATTEMPTS = 5;

export interface CreateLinkResult {
  link: Link;
  /** False when the clientId had been sent already: `link` is the one created then. */
  created: boolean;
}

export async function createLink(kv: Kv, input: CreateLinkInput, context: CreateLinkContext): Promise<Link> {
  return (await createLinkOnce(kv, input, context)).link;
}

/** createLink, telling a new link from the one an earlier request with its clientId made. */
export async function createLinkOnce(kv: Kv, input: CreateLinkInput, context: CreateLinkContext): Promise<CreateLinkResult> {
  const url = validateTargetUrl(input.url, context.appOrigin);
  const typed = input.code || null;
  const custom = typed === null ? null : validateCustomCode(typed);
  // A link made before codes were folded to lower case may hold this spelling of the code.
  if (typed !== null && custom !== typed && (await resolveLink(kv, typed)) !== null) {
    throw new LinkError("code_taken", `The code "${custom}" is already taken.`);
  }
  const expireIn = input.expireIn == null ? null : validateExpireIn(input.expireIn);
  const request = createRequest("link_client_ids", [url, custom, expireIn], {
    clientId: input.clientId,
    scope: { id: context.owner, isNew: context.newVisitor ?? false },
  });
  const earlier = await earlierLink(kv, request);
  if (earlier) return { link: earlier, created: false };
  const now = context.now ?? Date.now();
  const createdAt = new Date(now).toISOString();
  const expiresAt = expireIn === null ? null : new Date(now + expireIn).toISOString();
  const nextCode = context.generateCode ?? defaultGenerateCode;

  const attempts = custom === null ? GENERATED_ATTEMPTS : 1;
  const tag = requestTag(request);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const code = custom ?? nextCode();
    const record: LinkRecord = { code, url, createdAt, expiresAt, owner: context.owner, ...(tag === null ? {} : { request: tag }) };
    // Step 1, the link's partition.
    const claimed = await kv.atomic().check({ key: linkKey(code), versionstamp: null }).set(linkKey(code), record).commit();
    if (!claimed.ok) {
      // Taken by a twin with the same clientId (a double click with a custom code)?
      const twin = tag === null ? null : await resolveLink(kv, code);
      if (twin?.request === tag) return { link: twin, created: false };
      continue;
    }
    // Step 2, the visitor's partition (and, for a new visitor, the clientIds of new visitors').
    const listed: VisitorLinkEntry = { code, url, createdAt, expiresAt };
    const listing = kv.atomic().set(visitorLinkKey(context.owner, timeOrderedId(now)), listed);
    const remembered = context.newVisitor
      ? await rememberCreated(kv.atomic(), request, code).commit()
      : await rememberCreated(listing, request, code).commit();
    if (!remembered.ok) {
      // Lost to a twin with the same clientId: its link is the answer (this one stays unlisted).
      const twin = await earlierLink(kv, request);
      if (twin) return { link: twin, created: false };
      throw new LinkError("codes_exhausted", "The link could not be created. Please try again.");
    }
    if (context.newVisitor) await listing.commit();
    const link: Link = { ...record, versionstamp: claimed.versionstamp };
    rememberLink(kv, link);
    return { link, created: true };
  }
  if (custom !== null) {
    throw new LinkError("code_taken", `The code "${custom}" is already taken (codes are the same in any case).`);
  }
  throw new LinkError("codes_exhausted", "Could not find a free code. Please try again.");
}

async function earlierLink(kv: Kv, request: CreateRequest): Promise<Link | null> {
  const code = await createdBefore(kv, request);
  if (code === null) return null;
  // Deleted since (delete.ts)? Say so rather than make another.
  const link = await resolveLink(kv, code);
  if (link === null) throw new LinkError("not_found", "The link this clientId created is gone.");
  return link;
}
