// Is this error "Redis is not there right now" (as opposed to a bug or a bad request)?
// Callers answer those with 503 and a retry hint: the request was fine, the store was not.
// ioredis reports an outage in several shapes, depending on when the command met it.

// Reply errors Redis sends while it cannot serve yet or any more: replaying the AOF after a
// restart (LOADING), a script hogging it (BUSY), a failover in progress, memory full under
// noeviction (OOM), a failing disk (MISCONF), too few replicas (NOREPLICAS), a slot that moved
// or is moving (MOVED, ASK: a Cluster failover or resharding the client had not followed yet).
// Each refuses a command before it changes anything (a script is refused at its first write,
// and LiveKV's commit script writes nothing before all its checks), so nothing was done.
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|MOVED|ASK|READONLY|OOM|MISCONF|NOREPLICAS)\b/;

// Socket-level failures to reach the server.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

// ioredis's own messages for a command that never reached a live connection.
const CLIENT_MESSAGES = [
  "Connection is closed.",
  "Stream isn't writeable",
  "connect ETIMEDOUT",
  "Command timed out",
  "Socket timeout",
  // The Cluster client gave up following a slot to a reachable primary (a failover under way).
  "Too many Cluster redirections",
];

/**
 * A command that was never sent: no connection to Redis could take it in time. Nothing was
 * done, so retrying cannot duplicate anything.
 */
export class RedisUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisUnavailableError";
  }
}

// By name: ioredis's errors among them, whose classes it does not export, and lib/kv's
// KvClosedError (the Kv was closed under a request, as a server shuts down: nothing was done).
const UNAVAILABLE_NAMES = new Set(["RedisUnavailableError", "MaxRetriesPerRequestError", "ClusterAllFailedError", "KvClosedError"]);

function isUnavailableOne(error: Error): boolean {
  // MaxRetriesPerRequestError: the command waited through the allowed reconnect attempts.
  if (UNAVAILABLE_NAMES.has(error.name)) return true;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  if (UNAVAILABLE_REPLIES.test(error.message)) return true;
  return CLIENT_MESSAGES.some((text) => error.message.startsWith(text));
}

/** True when `error` (or one of its causes) says Redis could not be reached or cannot serve now. */
export function isRedisUnavailable(error: unknown): boolean {
  // A cause chain is followed a few steps: wrappers (ours, AggregateError) keep the original there.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (isUnavailableOne(current)) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isRedisUnavailable(inner))) return true;
    current = current.cause;
  }
  return false;
}
