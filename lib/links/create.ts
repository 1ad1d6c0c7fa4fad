// Creating a short link. The record and the creator's list entry are written in one commit
// that first checks the code is free (versionstamp null), so two creators racing for one
// code can never both get it: Redis runs the check and the writes as one script.

import type { Kv } from "@/lib/kv";
import { generateCode as defaultGenerateCode } from "./codes";
import { LinkError } from "./errors";
import { linkKey, visitorLinkKey } from "./keys";
import { rememberLink } from "./resolve";
import { timeOrderedId } from "./time-id";
import type { Link, LinkRecord, VisitorLinkEntry } from "./types";
import { validateCustomCode, validateExpireIn, validateTargetUrl } from "./validate";

export interface CreateLinkInput {
  url: string;
  /** A custom code; generated when absent (or empty). */
  code?: string | null;
  /** Milliseconds until the link expires and answers 410. */
  expireIn?: number | null;
}

export interface CreateLinkContext {
  /** The creator's visitor id. */
  owner: string;
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

export async function createLink(kv: Kv, input: CreateLinkInput, context: CreateLinkContext): Promise<Link> {
  const url = validateTargetUrl(input.url, context.appOrigin);
  const custom = input.code ? validateCustomCode(input.code) : null;
  const expireIn = input.expireIn == null ? null : validateExpireIn(input.expireIn);
  const now = context.now ?? Date.now();
  const createdAt = new Date(now).toISOString();
  const expiresAt = expireIn === null ? null : new Date(now + expireIn).toISOString();
  const nextCode = context.generateCode ?? defaultGenerateCode;

  const attempts = custom === null ? GENERATED_ATTEMPTS : 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const code = custom ?? nextCode();
    const record: LinkRecord = { code, url, createdAt, expiresAt, owner: context.owner };
    const listed: VisitorLinkEntry = { code, url, createdAt, expiresAt };
    const result = await kv
      .atomic()
      .check({ key: linkKey(code), versionstamp: null })
      .set(linkKey(code), record)
      .set(visitorLinkKey(context.owner, timeOrderedId(now)), listed)
      .commit();
    if (result.ok) {
      const link: Link = { ...record, versionstamp: result.versionstamp };
      rememberLink(kv, link);
      return link;
    }
  }
  if (custom !== null) throw new LinkError("code_taken", `The code "${custom}" is already taken.`);
  throw new LinkError("codes_exhausted", "Could not find a free code. Please try again.");
}
