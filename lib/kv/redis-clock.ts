// Redis's clock as seen from this process, so a commit can carry a deadline Redis checks by its
// own clock: a commit that reaches Redis after its sender gave up on it (Redis was stopped, the
// network held it) refuses itself instead of landing unannounced. No two machines' clocks are
// compared: the offset between them is measured (Redis TIME against a local monotonic clock),
// and its uncertainty — half the round trip — is taken off the deadline, so a deadline can
// only be early, never late.

import type { Redis } from "ioredis";

/** Milliseconds on a clock that never jumps (performance.now()), on the epoch scale. */
function localNow(): number {
  return performance.timeOrigin + performance.now();
}

export class RedisClock {
  /** Redis time minus local time; null until measured. */
  #offset: number | null = null;
  /** How far #offset may be off, either way. */
  #uncertainty = 0;

  /** Asks Redis for its time (TIME) and updates the offset. */
  async measure(redis: Redis): Promise<void> {
    const sent = localNow();
    const [seconds, micros] = await redis.time();
    const received = localNow();
    const redisNow = Number(seconds) * 1000 + Number(micros) / 1000;
    // Redis read its clock somewhere between sent and received: assume the middle.
    this.#offset = redisNow - (sent + received) / 2;
    this.#uncertainty = (received - sent) / 2;
  }

  /**
   * The moment `ms` from now, in Redis time, rounded down and less the uncertainty: by Redis's
   * clock it comes no later than `ms` from now here. 0 (no deadline) before the first measure.
   */
  deadlineIn(ms: number): number {
    if (this.#offset === null) return 0;
    return Math.floor(localNow() + this.#offset + ms - this.#uncertainty);
  }
}
