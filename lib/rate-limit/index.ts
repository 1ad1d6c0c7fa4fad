// Per-client rate limits kept in the Kv, so every app instance on one Redis shares them.
// A sliding-window counter (the approximation Cloudflare describes): one KvU64 counter per
// (scope, client, fixed window), and a request is weighed against
//   previous window's count × (share of the current window still to come) + current count,
// which smooths the edge where a fixed window would let 2× the limit through. Counters are
// only ever summed, never checked, so concurrent requests of one client cannot conflict;
// each counter expires once the window after its own has ended.

import type { Kv, KvEntryMaybe, KvKey, KvU64 } from "@/lib/kv";
import { KvCommitUnknownError } from "@/lib/kv/commit-unknown";
import { CodedError } from "@/lib/http/coded-error";
import { jsonError } from "@/lib/http/json-error";
import { RedisUnavailableError } from "@/lib/redis/unavailable";

export interface RateRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export type RateDecision =
  | { ok: true; remaining: number }
  | { ok: false; retryAfterMs: number };

/**
 * The counter of one client's requests in one scope and window. The client comes second: a
 * key's first two parts are its partition on Redis Cluster (lib/server/partitions.ts), so the
 * counters of a scope's many clients spread over every primary rather than all landing on one.
 */
export function counterKey(scope: string, client: string, window: number): KvKey {
  return ["ratelimit", client, scope, window];
}

/** −1 as a KvU64 addend: sums wrap at 2^64. */
const MINUS_ONE = (1n << 64n) - 1n;

// Counters outlive their use by this much, for app instances whose clocks disagree a little.
const EXPIRY_SLACK_MS = 1_000;

// Counters never wait for replicas (LIVEKV_WAIT_REPLICAS): one lost in a failover lets a few
// more requests through, and a rate check must not fail a request as "applied but not
// replicated" for a counter while the request itself was never carried out.
const NOT_WAITED = { waitForReplicas: false } as const;

function envFactor(name: string): number {
  const factor = Number(process.env[name]);
  return Number.isFinite(factor) && factor > 0 ? factor : 1;
}

/**
 * LIVEKV_RATE_LIMIT_FACTOR multiplies every limit: one knob for an operator (or a load
 * test, which is many clients from one address) to loosen or tighten them all at once.
 */
export function rateLimitFactor(): number {
  return envFactor("LIVEKV_RATE_LIMIT_FACTOR");
}

/**
 * LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR multiplies, on top, only the budgets a client address
 * shares among everyone behind it (takeAddressToken): for a site whose visitors come many
 * to an address (a campus NAT; end-to-end tests, all from 127.0.0.1), without loosening
 * what each visitor may do.
 */
export function perAddressFactor(): number {
  return envFactor("LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR");
}

/**
 * Counts one request of `client` against `rule`; refuses it while the sliding window is full.
 * When Redis does not answer the count, the request goes no further: its own write was never
 * attempted, so that is "nothing was done" (RedisUnavailableError), whatever became of the count.
 */
export async function takeToken(
  kv: Kv,
  scope: string,
  client: string,
  rule: RateRule,
  now = Date.now(),
): Promise<RateDecision> {
  try {
    return await countRequest(kv, scope, client, rule, now);
  } catch (error) {
    throw asUnavailable(error);
  }
}

function asUnavailable(error: unknown): unknown {
  if (!(error instanceof KvCommitUnknownError)) return error;
  return new RedisUnavailableError("Redis did not answer the rate check: the request was not carried out.", { cause: error });
}

async function countRequest(kv: Kv, scope: string, client: string, rule: RateRule, now: number): Promise<RateDecision> {
  const limit = Math.max(1, Math.floor(rule.limit * rateLimitFactor()));
  const { windowMs } = rule;
  const window = Math.floor(now / windowMs);
  const into = now - window * windowMs;
  const previousKey = counterKey(scope, client, window - 1);
  const currentKey = counterKey(scope, client, window);
  const expireIn = (window + 2) * windowMs - now + EXPIRY_SLACK_MS;

  // The read is sent right behind the commit, not after its reply: Redis runs one
  // connection's commands in order, so it counts this request and the ones sent before it,
  // not those of a burst still on the wire (which would refuse the whole burst).
  const [committed, read] = await Promise.all([
    kv.atomic().sum(currentKey, 1n, { expireIn }).commit(NOT_WAITED),
    kv.getMany<[KvU64, KvU64]>([previousKey, currentKey]),
  ]);
  let [previous, current] = read;
  // The read ran before the commit when Redis had to be sent the script first (after a
  // restart): read again, which may count later requests too, so it errs towards refusing.
  if (committed.ok && (current.versionstamp ?? "") < committed.versionstamp) {
    [previous, current] = await kv.getMany<[KvU64, KvU64]>([previousKey, currentKey]);
  }
  const before = count(previous);
  const mine = count(current);

  // In whole units of 1/windowMs, so that "at the limit" is exact: estimate × windowMs.
  const weighed = before * (windowMs - into) + mine * windowMs;
  if (weighed <= limit * windowMs) {
    return { ok: true, remaining: Math.floor((limit * windowMs - weighed) / windowMs) };
  }
  // A refused request takes its count back, so hammering while refused does not prolong it.
  await giveBack(kv, scope, client, windowMs, now);
  return { ok: false, retryAfterMs: msUntilRoom(before, mine - 1, limit, windowMs, into) };
}

/** Takes back the count takeToken added at `now` (the same window's counter). */
async function giveBack(kv: Kv, scope: string, client: string, windowMs: number, now: number): Promise<void> {
  const window = Math.floor(now / windowMs);
  const expireIn = (window + 2) * windowMs - now + EXPIRY_SLACK_MS;
  await kv.atomic().sum(counterKey(scope, client, window), MINUS_ONE, { expireIn }).commit(NOT_WAITED);
}

/**
 * Returns a token takeToken gave at `now`, for a request refused after all (by another
 * budget it also counts against): a refused request uses up no budget.
 */
export async function returnToken(kv: Kv, scope: string, client: string, rule: RateRule, now: number): Promise<void> {
  try {
    await giveBack(kv, scope, client, rule.windowMs, now);
  } catch (error) {
    throw asUnavailable(error);
  }
}

// A give-back that lands after its counter vanished (evicted, flushed, a failover) wraps it
// below zero, to near 2^64: that is no count at all, not a client over every limit.
const WRAPPED = 1n << 63n;

function count(entry: KvEntryMaybe<KvU64>): number {
  if (entry.value === null || entry.value.value >= WRAPPED) return 0;
  return Number(entry.value.value);
}

/**
 * How long until one more request fits, if no other comes: later in this window, as the
 * previous window's weight fades, or else in the next, where this window's count fades.
 */
function msUntilRoom(before: number, mine: number, limit: number, windowMs: number, into: number): number {
  // The first ms t of a window at which count × (windowMs − t) ≤ room × windowMs.
  const firstFit = (count: number, room: number): number =>
    count === 0 ? 0 : Math.max(0, Math.ceil((windowMs * (count - room)) / count));
  const wait =
    mine + 1 <= limit
      ? firstFit(before, limit - mine - 1) - into
      : windowMs - into + firstFit(mine, limit - 1);
  return Math.max(1, wait);
}

/** takeToken for a budget of a client address (lib/http's clientAddress), scaled by perAddressFactor. */
export function takeAddressToken(kv: Kv, scope: string, address: string, rule: RateRule, now = Date.now()): Promise<RateDecision> {
  return takeToken(kv, scope, address, { ...rule, limit: rule.limit * perAddressFactor() }, now);
}

/** Who a request counts against: a visitor and the address it came from. */
export interface RateSubject {
  visitorId: string;
  /** The client address (lib/http's clientAddress). */
  address: string;
}

/**
 * Counts one request of `subject` against its visitor's `limit` and, where the address is
 * known, its address's `perAddress` budget: a client can collect any number of real cookies
 * (each new visitor costs its address a token of lib/visitor's new-visitor budget, but that
 * budget refills), never of addresses. An "unknown" address (no server to stamp the socket's
 * peer, no trusted proxy) would be one budget for every client, refusing strangers for each
 * other, so there only the visitor's own limit applies.
 */
export async function takeVisitorToken(
  kv: Kv,
  subject: RateSubject,
  limit: { scope: string; rule: RateRule },
  perAddress: { scope: string; rule: RateRule },
  now = Date.now(),
): Promise<RateDecision> {
  // The visitor's own limit first: one visitor over it does not use up the budget its
  // address shares with others.
  const decision = await takeToken(kv, limit.scope, subject.visitorId, limit.rule, now);
  if (!decision.ok || subject.address === "unknown") return decision;
  const byAddress = await takeAddressToken(kv, perAddress.scope, subject.address, perAddress.rule, now);
  if (!byAddress.ok) await returnToken(kv, limit.scope, subject.visitorId, limit.rule, now);
  return byAddress;
}

function retryAfterSeconds(decision: { retryAfterMs: number }): number {
  return Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
}

/** The 429 answer for a refused request, with Retry-After in whole seconds. */
export function rateLimitedResponse(decision: { retryAfterMs: number }, what = "requests"): Response {
  const seconds = retryAfterSeconds(decision);
  return jsonError(429, "rate_limited", `Too many ${what}: try again in ${seconds} s.`, {
    "Retry-After": String(seconds),
  });
}

/** A refusal raised deep in a request (lib/http's errorResponse answers it as rateLimitedResponse does). */
export class RateLimitedError extends CodedError<"rate_limited"> {
  readonly headers: Record<string, string>;

  constructor(decision: { retryAfterMs: number }, what: string) {
    const seconds = retryAfterSeconds(decision);
    super("rate_limited", 429, `Too many ${what}: try again in ${seconds} s.`);
    this.headers = { "Retry-After": String(seconds) };
  }
}
