// Caps on concurrent SSE streams, so that one client (or a flood of them) cannot hold all
// of a process's sockets and memory: per visitor (the signed cookie), per client address
// (every stream from it, with a cookie or not: a client can collect visitor cookies, but not
// addresses; lib/http's clientAddress, the socket's peer or behind a trusted proxy the
// forwarded one) and per process.
// Beyond a cap the answer is 503 with Retry-After. Counts are per process: a stream lives
// in one process, and the process's own limits are what the caps protect — among them its
// open-file limit: the per-process cap always leaves files for everything else
// (lib/server/file-limit.ts), so a flood of streams meets 503s, not a process out of files.

import { clientAddress } from "@/lib/http/client-address";
import { jsonError } from "@/lib/http/json-error";
import { maxStreamsFor, openFileLimit } from "@/lib/server/file-limit";
import { sseConnectionCounts } from "./connections";

export interface SseLimits {
  /** Streams one visitor (cookie) may hold open. Pages share one stream per URL across tabs. */
  perVisitor: number;
  /** Streams one client address may hold, whatever its cookies (where the address is known). */
  perAddress: number;
  /** Streams this process serves at most (never more than its open-file limit leaves them). */
  perProcess: number;
}

const DEFAULTS: SseLimits = { perVisitor: 20, perAddress: 200, perProcess: 20_000 };
/** Seconds a refused client is told to wait: streams come and go as pages close. */
export const SSE_RETRY_AFTER_S = 10;

function envLimit(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * The limits in force: LIVEKV_SSE_MAX_PER_VISITOR / _PER_ADDRESS / _PER_PROCESS, else
 * defaults; the per-process one within what the open-file limit leaves for streams.
 */
export function sseLimits(): SseLimits {
  return {
    perVisitor: envLimit("LIVEKV_SSE_MAX_PER_VISITOR", DEFAULTS.perVisitor),
    perAddress: envLimit("LIVEKV_SSE_MAX_PER_ADDRESS", DEFAULTS.perAddress),
    perProcess: Math.min(envLimit("LIVEKV_SSE_MAX_PER_PROCESS", DEFAULTS.perProcess), maxStreamsFor(openFileLimit())),
  };
}

// Open streams per holder ("v:<visitor>" or "a:<address>"); a holder at zero is removed.
// One record per holder, shared by its streams: an open stream keeps only references to its
// records (in its release), not a key string or a list of them — thousands of idle streams
// each hold one release for as long as they are open.
interface Holder {
  key: string;
  held: number;
}
const holders = new Map<string, Holder>();

/** The number of streams `key` holds, when that is `limit` or more; else null. */
function heldAtLimit(key: string | null, limit: number): number | null {
  const held = key === null ? 0 : (holders.get(key)?.held ?? 0);
  return held >= limit ? held : null;
}

function take(key: string | null): Holder | null {
  if (key === null) return null;
  let holder = holders.get(key);
  if (holder === undefined) {
    holder = { key, held: 0 };
    holders.set(key, holder);
  }
  holder.held++;
  return holder;
}

/** Gives a stream's place back; null, so that a second release gives back nothing. */
function giveBack(holder: Holder | null): null {
  if (holder !== null && --holder.held <= 0) holders.delete(holder.key);
  return null;
}

export type Admission = { ok: true; release: () => void } | { ok: false; response: Response };

function refuse(message: string): Admission {
  // Connection: close, so a refused client does not hold on to a connection (a file) either.
  const headers = { "Retry-After": String(SSE_RETRY_AFTER_S), Connection: "close" };
  return { ok: false, response: jsonError(503, "too_many_streams", message, headers) };
}

/**
 * Counts a new stream against its caps, or refuses it; call `release` once it ends.
 * `visitorId` is the request's verified visitor (lib/visitor's readVisitorId), or null.
 * A stream counts against its visitor, its address, both or (nothing known) neither.
 */
export function admitStream(request: Request, visitorId: string | null): Admission {
  const limits = sseLimits();
  if (sseConnectionCounts().open >= limits.perProcess) {
    return refuse(`This server has as many live connections as it takes (${limits.perProcess}). Try again shortly.`);
  }
  const visitorKey = visitorId === null ? null : `v:${visitorId}`;
  // An "unknown" address (`next start` alone, or a trusted proxy that named none) would be
  // one bucket for all clients, refusing strangers for each other: only the other caps apply.
  const address = clientAddress(request);
  const addressKey = address === "unknown" ? null : `a:${address}`;
  const full = heldAtLimit(visitorKey, limits.perVisitor) ?? heldAtLimit(addressKey, limits.perAddress);
  if (full !== null) {
    return refuse(`You have ${full} live connections open, the most allowed at once. Close a page or tab, then try again.`);
  }
  let visitor = take(visitorKey);
  let fromAddress = take(addressKey);
  return {
    ok: true,
    release: () => {
      visitor = giveBack(visitor);
      fromAddress = giveBack(fromAddress);
    },
  };
}
