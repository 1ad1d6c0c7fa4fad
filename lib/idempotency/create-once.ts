// What makes a create idempotent: the create's commit also writes, under the request's
// clientId, what was asked (a fingerprint) and the id of what was created, for 24 hours.
// It checks that key is free, so of two requests with one clientId (a double click, a
// retry racing the original) one commits and the other finds the first's answer. Where it is
// written in the same commit as the thing itself, it cannot exist without it, nor the thing
// without it. On a Redis Cluster a commit stays within one partition, and some creates span
// two or three (a link and its creator's list, a room and its name, a post's clientId, the post
// and the list): those write in steps, and say where they do (lib/links/create.ts,
// lib/chat/rooms/rooms.ts, lib/posts/create-post.ts).

import { createHash } from "node:crypto";
import type { AtomicOperation, Kv, KvKey } from "@/lib/kv";
import { normalizeClientId } from "./client-id";
import { IdempotencyError } from "./errors";

/** How long a clientId is remembered: a retry within it gets the first answer. */
export const CLIENT_ID_TTL_MS = 24 * 60 * 60 * 1000;

/** Whose clientIds a request's is looked up among. */
export interface ClientScope {
  /** The requester's id: a visitor id, or a public id derived from one. */
  id: string;
  /**
   * A visitor without a cookie: its retry comes without one too (the cookie was in the lost
   * answer) and so as another new visitor. Such requests share one scope, so that retry
   * still finds the first; the clientId, random and known only to its client, keeps them
   * apart.
   */
  isNew: boolean;
}

/** Who sent a create, and the id they gave it (none: the create is not remembered). */
export interface ClientKey {
  clientId: string | null | undefined;
  scope: ClientScope;
}

/** One create request, as idempotency sees it. */
export interface CreateRequest {
  /** Where its clientId is remembered; null when the request has no clientId. */
  key: KvKey | null;
  /** What it asks for, hashed: the same clientId must come with the same request. */
  fingerprint: string;
}

interface Remembered {
  fingerprint: string;
  id: string;
}

/**
 * A create request. `family` names the KV key family its clientIds live under (one per kind
 * of create), or is a key prefix: a family and the id of what the create belongs to (a post's
 * comments: ["post_comment_client_ids", postId]), so that on a Kv spread over a Redis Cluster
 * the clientId shares that thing's partition and is remembered in the create's own commit.
 * `asked` is everything that makes the request what it is (normalized input, path
 * parameters), in a fixed order. Throws invalid_client_id (422) for a malformed clientId.
 */
export function createRequest(family: string | KvKey, asked: unknown[], client: ClientKey | null): CreateRequest {
  const fingerprint = createHash("sha256").update(JSON.stringify(asked)).digest("base64url");
  const clientId = client === null ? null : normalizeClientId(client.clientId);
  if (client === null || clientId === null) return { key: null, fingerprint };
  const prefix = typeof family === "string" ? [family] : family;
  return { key: [...prefix, clientScopeKey(client.scope), clientId], fingerprint };
}

/** The key part a scope's clientIds are remembered under: its requester's, or new visitors' one. */
export function clientScopeKey(scope: ClientScope): string {
  return scope.isNew ? "new" : `v:${scope.id}`;
}

/**
 * The id of what this request's clientId created before, or null (none yet, or no
 * clientId). Throws client_id_reused (422) when the clientId came with a different request.
 */
export async function createdBefore(kv: Kv, request: CreateRequest): Promise<string | null> {
  if (request.key === null) return null;
  const { value } = await kv.get<Remembered>(request.key);
  if (value === null) return null;
  if (value.fingerprint !== request.fingerprint) {
    throw new IdempotencyError(
      "client_id_reused",
      "This clientId was already used for a different request; send a new one with each new request.",
    );
  }
  return value.id;
}

/** Adds the clientId to a create's commit: the commit fails if it is taken meanwhile. */
export function rememberCreated(op: AtomicOperation, request: CreateRequest, id: string): AtomicOperation {
  if (request.key === null) return op;
  const remembered: Remembered = { fingerprint: request.fingerprint, id };
  return op
    .check({ key: request.key, versionstamp: null })
    .set(request.key, remembered, { expireIn: CLIENT_ID_TTL_MS });
}

/**
 * Points a clientId this request remembered already at another id, in a commit that checks
 * what made it the request's own (for a create in steps that had to start over).
 */
export function rememberCreatedAgain(op: AtomicOperation, request: CreateRequest, id: string): AtomicOperation {
  if (request.key === null) return op;
  const remembered: Remembered = { fingerprint: request.fingerprint, id };
  return op.set(request.key, remembered, { expireIn: CLIENT_ID_TTL_MS });
}

/** A short stable id of the request's clientId (none: null), for a record to say which request made it. */
export function requestTag(request: CreateRequest): string | null {
  if (request.key === null) return null;
  return createHash("sha256").update(JSON.stringify(request.key)).digest("base64url").slice(0, 22);
}
