// Creating a short link. The record and the creator's list entry are written in one commit
// that first checks the code is free (versionstamp null), so two creators racing for one
// code can never both get it: Redis runs the check and the writes as one script. With a
// clientId the commit also remembers it (lib/idempotency), so a repeat answers with the link
// the first created — a generated code would otherwise make a second link. Codes are stored in
// lower case (validate.ts's canonicalCode), so the free-code check refuses any other spelling
// of a taken code too. The commit spans three partitions (["links", code], the creator's
// ["visitor_links", visitor] and ["link_client_ids", scope]): on a Redis Cluster it would be
// refused, and must become a commit per partition first.

import { createdBefore, createRequest, rememberCreated, type CreateRequest } from "@/lib/idempotency";
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
  for (let attempt = 0; attempt < attempts; attempt++) {
    const code = custom ?? nextCode();
    const record: LinkRecord = { code, url, createdAt, expiresAt, owner: context.owner };
    const listed: VisitorLinkEntry = { code, url, createdAt, expiresAt };
    const op = kv
      .atomic()
      .check({ key: linkKey(code), versionstamp: null })
      .set(linkKey(code), record)
      .set(visitorLinkKey(context.owner, timeOrderedId(now)), listed);
    const result = await rememberCreated(op, request, code).commit();
    if (result.ok) {
      const link: Link = { ...record, versionstamp: result.versionstamp };
      rememberLink(kv, link);
      return { link, created: true };
    }
    // Lost to a twin with the same clientId (a double click)? Then its link is the answer.
    const twin = await earlierLink(kv, request);
    if (twin) return { link: twin, created: false };
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
