// Keeps this process's open room streams present. One keeper per Kv (per process): it
// writes one connection key per (room, member) however many streams that member has open
// here (tabs without Web Locks, a phone and a laptop behind one cookie…), refreshes all of
// them in a few batched commits every PRESENCE_REFRESH_MS instead of one timer and one
// commit per stream, and deletes a key when the member's last stream here closes.
//
// The key names this process (instanceId), so a member connected through two app
// processes stays present while either is: one process leaving deletes only its own key.

import { randomUUID } from "node:crypto";
import { SharedRegistry } from "@/lib/feeds";
import type { Kv } from "@/lib/kv";
import { connectionKey, type PresenceMark } from "../keys";
import { PRESENCE_REFRESH_MS, PRESENCE_TTL_MS } from "../limits";

// Deno KV's limit is 1,000 mutations per commit; half keeps each commit's script short.
const REFRESH_BATCH = 500;

interface Held {
  roomId: string;
  memberId: string;
}

export interface PresenceTiming {
  ttlMs: number;
  refreshMs: number;
}

export class PresenceKeeper {
  readonly instanceId = randomUUID();
  #kv: Kv;
  /** One mark per (room, member), held by each of its streams here. */
  #held = new SharedRegistry<Held>((held) => this.#drop(held));
  #timer: ReturnType<typeof setInterval> | undefined;
  #timing: PresenceTiming;

  /** `timing` is for tests that cannot wait out the real TTL. */
  constructor(kv: Kv, timing: PresenceTiming = { ttlMs: PRESENCE_TTL_MS, refreshMs: PRESENCE_REFRESH_MS }) {
    this.#kv = kv;
    this.#timing = timing;
  }

  /**
   * Marks the member present in the room until the returned release() is called (or, if this
   * process dies, for at most PRESENCE_TTL_MS). Resolves once the first mark is stored.
   */
  async hold(roomId: string, memberId: string): Promise<() => void> {
    let first = false;
    const lease = this.#held.acquire(this, `${roomId}\u0000${memberId}`, () => {
      first = true;
      return { roomId, memberId };
    });
    if (first) {
      this.#start();
      try {
        await this.#mark([lease.value]);
      } catch (error) {
        lease.release();
        throw error;
      }
    }
    return lease.release;
  }

  /** (room, member) pairs held now, for tests and metrics. */
  get size(): number {
    return this.#held.size(this);
  }

  /** The member's last stream here closed. */
  #drop(held: Held): void {
    if (this.size === 0) this.#stop();
    // Best effort: if this is lost, the key expires within the TTL anyway.
    this.#kv.delete(connectionKey(held.roomId, held.memberId, this.instanceId)).catch(() => {});
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#refresh(), this.#timing.refreshMs);
    // Presence must never keep a process alive on its own.
    this.#timer.unref?.();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #refresh(): Promise<void> {
    const all = this.#held.values(this);
    for (let i = 0; i < all.length; i += REFRESH_BATCH) {
      try {
        await this.#mark(all.slice(i, i + REFRESH_BATCH));
      } catch {
        // Redis away or the Kv closed: the next round tries again; marks last 3 rounds.
      }
    }
  }

  #mark(batch: Held[]): Promise<unknown> {
    const { ttlMs } = this.#timing;
    const mark: PresenceMark = { expiresAt: Date.now() + ttlMs };
    const op = this.#kv.atomic();
    for (const held of batch) {
      op.set(connectionKey(held.roomId, held.memberId, this.instanceId), mark, { expireIn: ttlMs });
    }
    return op.commit();
  }
}

const keepers = new WeakMap<Kv, PresenceKeeper>();

export function presenceKeeperOf(kv: Kv): PresenceKeeper {
  let keeper = keepers.get(kv);
  if (!keeper) {
    keeper = new PresenceKeeper(kv);
    keepers.set(kv, keeper);
  }
  return keeper;
}
