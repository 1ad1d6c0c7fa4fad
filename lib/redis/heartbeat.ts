// A liveness check for one Redis connection. A connection can die without a FIN (a NAT or
// firewall drops it, a host vanishes) or sit on a server that no longer answers (stopped,
// swapping, stuck): the socket then looks open forever and every command sent on it waits.
// Only a reply proves the connection alive, so it is probed while ready, and one that stays
// silent is dropped and reconnected by the client's retry strategy.


/** What the heartbeat needs of a connection (an ioredis client, or a set of them that acts as one). */
export interface ProbedConnection {
  readonly status: string;
  ping(): Promise<unknown>;
  /** With true: drop the connection and let the client's retry strategy reconnect it. */
  disconnect(reconnect?: boolean): void;
}

export interface HeartbeatOptions {
  /** How often the connection is probed while it is ready. */
  intervalMs: number;
  /** A probe with no reply within this long means the connection is dead. */
  timeoutMs: number;
  /** The probe: a command valid on this connection (PING by default; a subscriber allows little else). */
  probe?: () => Promise<unknown>;
}

/** Starts probing `redis`; returns the function that stops it. */
export function startHeartbeat(redis: ProbedConnection, options: HeartbeatOptions): () => void {
  const probe = options.probe ?? (() => redis.ping());
  let stopped = false;
  let pending: object | null = null;

  const beat = (): void => {
    if (stopped || pending !== null || redis.status !== "ready") return;
    // A token per probe: an old probe answered late must not settle a newer one.
    const token = {};
    pending = token;
    const timeout = setTimeout(() => {
      if (pending !== token) return;
      pending = null;
      // Closed meanwhile: the client is reconnecting already.
      if (stopped || redis.status !== "ready") return;
      // true: reconnect (with the client's retry strategy) rather than stay closed.
      redis.disconnect(true);
    }, options.timeoutMs);
    timeout.unref();
    const alive = (): void => {
      if (pending !== token) return;
      pending = null;
      clearTimeout(timeout);
    };
    // Any reply, an error reply included, is a sign of life; a client-side failure (a command
    // timeout, the connection closing) is not, and leaves the decision to the timer.
    probe().then(alive, (error: unknown) => {
      if (error instanceof Error && error.name === "ReplyError") alive();
    });
  };

  const interval = setInterval(beat, options.intervalMs);
  interval.unref();
  return () => {
    stopped = true;
    clearInterval(interval);
  };
}
