import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { KvU64, openKv, type Kv } from "@/lib/kv";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";
import { counterKey, rateLimitedResponse, takeAddressToken, takeToken, takeVisitorToken, type RateDecision, type RateRule } from "./index";

let server: RedisServer;
let kv: Kv;

beforeAll(async () => {
  server = await startRedisServer();
  kv = await openKv({ url: server.url, prefix: "ratelimit-test" });
  // Redis learns the commit script on first use; until then a limiter read can't ride right
  // behind its commit (see takeToken), and the burst tests are about the usual case.
  await kv.atomic().sum(["warm-up"], 1n).commit();
});

afterAll(async () => {
  await kv.close();
  await server.stop();
});

/** `n` requests of one client sent at once. */
function burst(n: number, scope: string, rule: RateRule, now: number, on = kv): Promise<RateDecision[]> {
  return Promise.all(Array.from({ length: n }, () => takeToken(on, scope, "carol", rule, now)));
}

const allowed = (decisions: RateDecision[]): number => decisions.filter((d) => d.ok).length;

/** `n` requests of one client, one after the other. */
async function sequence(n: number, scope: string, rule: RateRule, now: number, client = "alice"): Promise<RateDecision[]> {
  const decisions = [];
  for (let i = 0; i < n; i++) decisions.push(await takeToken(kv, scope, client, rule, now));
  return decisions;
}

// A window start far from the present, so no test depends on the clock.
const WINDOW_START = 1_000_000_000;

describe("takeToken", () => {
  it("allows `limit` requests, then refuses until the sliding window has room again", async () => {
    const rule = { limit: 3, windowMs: 10_000 };
    const decisions = await sequence(4, "t1", rule, WINDOW_START);
    expect(decisions.map((d) => d.ok)).toEqual([true, true, true, false]);
    // Three requests at the very start of a window still weigh 3 × (1 − t) in the next one:
    // room for a fourth once that is ≤ 2, a third of the way in.
    expect(decisions[3]).toEqual({ ok: false, retryAfterMs: 10_000 + 3_334 });
    // Another client is not affected.
    expect((await takeToken(kv, "t1", "bob", rule, WINDOW_START)).ok).toBe(true);
    expect((await takeToken(kv, "t1", "alice", rule, WINDOW_START + 13_333)).ok).toBe(false);
    expect((await takeToken(kv, "t1", "alice", rule, WINDOW_START + 13_334)).ok).toBe(true);
  });

  it("a counter wrapped below zero (a give-back after its key vanished) counts as nothing", async () => {
    const rule = { limit: 3, windowMs: 10_000 };
    const window = Math.floor(WINDOW_START / rule.windowMs);
    // What −1 added to a vanished counter leaves, 2^64 − 1, in the previous window, where no
    // request of this window adds to it: weighed as a count, it would refuse the whole window.
    await kv.set(counterKey("t-wrap", "dave", window - 1), new KvU64((1n << 64n) - 1n));
    const decisions = await sequence(4, "t-wrap", rule, WINDOW_START, "dave");
    expect(decisions.map((d) => d.ok)).toEqual([true, true, true, false]);
  });

  it("LIVEKV_RATE_LIMIT_FACTOR scales every limit", async () => {
    const saved = process.env.LIVEKV_RATE_LIMIT_FACTOR;
    process.env.LIVEKV_RATE_LIMIT_FACTOR = "2.5";
    try {
      const rule = { limit: 2, windowMs: 10_000 };
      const decisions = await sequence(6, "t-factor", rule, 2 * WINDOW_START);
      expect(decisions.map((d) => d.ok)).toEqual([true, true, true, true, true, false]);
    } finally {
      if (saved === undefined) delete process.env.LIVEKV_RATE_LIMIT_FACTOR;
      else process.env.LIVEKV_RATE_LIMIT_FACTOR = saved;
    }
  });

  it("LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR scales the budgets an address shares, not what one visitor may do", async () => {
    process.env.LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR = "3";
    try {
      const rule = { limit: 2, windowMs: 10_000 };
      const byAddress = [];
      for (let i = 0; i < 7; i++) byAddress.push((await takeAddressToken(kv, "t-address", "198.51.100.9", rule, 2 * WINDOW_START)).ok);
      expect(byAddress).toEqual([true, true, true, true, true, true, false]);
      expect((await sequence(3, "t-address-visitor", rule, 2 * WINDOW_START)).map((d) => d.ok)).toEqual([true, true, false]);
    } finally {
      delete process.env.LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR;
    }
  });

  it("50 concurrent requests of one client under a limit of 100 are all allowed", async () => {
    const decisions = await burst(50, "t-under", { limit: 100, windowMs: 60_000 }, WINDOW_START);
    expect(allowed(decisions)).toBe(50);
  });

  it("150 concurrent requests against a limit of 100: exactly 100 allowed, then none", async () => {
    const rule = { limit: 100, windowMs: 60_000 };
    expect(allowed(await burst(150, "t-over", rule, WINDOW_START))).toBe(100);
    expect((await takeToken(kv, "t-over", "carol", rule, WINDOW_START)).ok).toBe(false);
  });

  it("two app instances never let more than the limit through, and what they refused stays available", async () => {
    const other = await openKv({ url: server.url, prefix: "ratelimit-test" });
    try {
      const rule = { limit: 100, windowMs: 60_000 };
      const [a, b] = await Promise.all([
        burst(75, "t-two", rule, WINDOW_START),
        burst(75, "t-two", rule, WINDOW_START, other),
      ]);
      const first = allowed(a) + allowed(b);
      expect(first).toBeLessThanOrEqual(100);
      let later = 0;
      while ((await takeToken(other, "t-two", "carol", rule, WINDOW_START)).ok) later++;
      expect(first + later).toBe(100);
    } finally {
      await other.close();
    }
  });

  it("a full window at the end of one window leaves only a sliver at the start of the next", async () => {
    const rule = { limit: 100, windowMs: 10_000 };
    const lastMoment = WINDOW_START + 9_900;
    expect(allowed(await burst(100, "t-edge", rule, lastMoment))).toBe(100);
    // 1% into the next window the previous 100 still weigh 99: one more fits, not 100.
    expect(allowed(await burst(100, "t-edge", rule, WINDOW_START + 10_100))).toBe(1);
    // Halfway in, they weigh 50: 49 more (the one above counts too).
    expect(allowed(await burst(100, "t-edge", rule, WINDOW_START + 15_000))).toBe(49);
  });

  it("refused requests use up no budget: hammering while refused does not prolong the wait", async () => {
    const rule = { limit: 10, windowMs: 10_000 };
    const mid = WINDOW_START + 5_000;
    expect(allowed(await sequence(10, "t-hammer", rule, mid))).toBe(10);
    const refused = await sequence(50, "t-hammer", rule, mid);
    expect(allowed(refused)).toBe(0);
    expect(refused.at(-1)).toEqual(refused[0]);
    // Halfway into the next window the 10 weigh 5; had the 50 refusals counted, 60 would weigh 30.
    expect(allowed(await sequence(10, "t-hammer", rule, mid + 10_000))).toBe(5);
  });

  it("retryAfterMs is the moment the next request fits: positive, within a window, to the millisecond", async () => {
    const rule = { limit: 10, windowMs: 10_000 };
    // 8 last window (weighing 8 × (1 − t) now), then 6 fit halfway into this one.
    await sequence(8, "t-retry", rule, WINDOW_START + 9_000);
    const now = WINDOW_START + 15_000;
    const decisions = await sequence(7, "t-retry", rule, now);
    expect(allowed(decisions)).toBe(6);
    const refusal = decisions[6];
    if (refusal.ok) throw new Error("the 7th request should be refused");
    expect(refusal.retryAfterMs).toBeGreaterThan(0);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(rule.windowMs);
    // Room for a 7th once 8 × (1 − t) ≤ 3, that is t ≥ 62.5%: 1,250 ms from 50%.
    expect(refusal.retryAfterMs).toBe(1_250);
    expect((await takeToken(kv, "t-retry", "alice", rule, now + refusal.retryAfterMs - 1)).ok).toBe(false);
    expect((await takeToken(kv, "t-retry", "alice", rule, now + refusal.retryAfterMs)).ok).toBe(true);
  });

  it("after Redis forgets the commit script, a burst still lets no more than the limit through", async () => {
    const admin = new Redis(server.url);
    try {
      await admin.script("FLUSH");
    } finally {
      admin.disconnect();
    }
    const rule = { limit: 20, windowMs: 60_000 };
    const first = allowed(await burst(40, "t-flush", rule, WINDOW_START));
    expect(first).toBeLessThanOrEqual(20);
    expect(first + allowed(await sequence(20, "t-flush", rule, WINDOW_START, "carol"))).toBe(20);
  });

  it("answers 429 JSON with Retry-After in seconds", async () => {
    const response = rateLimitedResponse({ retryAfterMs: 2_500 }, "messages");
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("3");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "Too many messages: try again in 3 s." } });
  });
});

describe("takeVisitorToken", () => {
  const limit = { scope: "tv-visitor", rule: { limit: 3, windowMs: 10_000 } };
  const perAddress = { scope: "tv-address", rule: { limit: 4, windowMs: 10_000 } };

  it("counts every request against its visitor and its known address: collected cookies share one address's budget", async () => {
    const oks = [];
    for (let i = 0; i < 6; i++) {
      const subject = { visitorId: `collected-${i}`, address: "198.51.100.10" };
      oks.push((await takeVisitorToken(kv, subject, limit, perAddress, 3 * WINDOW_START)).ok);
    }
    expect(oks).toEqual([true, true, true, true, false, false]);
  });

  it("a request its address refuses uses up none of its visitor's own budget", async () => {
    const now = 4 * WINDOW_START;
    // Others behind the address use up its budget.
    for (let i = 0; i < 4; i++) {
      expect((await takeVisitorToken(kv, { visitorId: `neighbour-${i}`, address: "198.51.100.11" }, limit, perAddress, now)).ok).toBe(true);
    }
    const refused = [];
    for (let i = 0; i < 5; i++) {
      refused.push((await takeVisitorToken(kv, { visitorId: "traveller", address: "198.51.100.11" }, limit, perAddress, now)).ok);
    }
    expect(refused).toEqual(Array(5).fill(false));
    // From another address the visitor still has all 3 of its own.
    const elsewhere = [];
    for (let i = 0; i < 4; i++) {
      elsewhere.push((await takeVisitorToken(kv, { visitorId: "traveller", address: "198.51.100.12" }, limit, perAddress, now)).ok);
    }
    expect(elsewhere).toEqual([true, true, true, false]);
  });

  it("counts only the visitor where the address is unknown (one budget for all would refuse strangers for each other)", async () => {
    const oks = [];
    for (let i = 0; i < 6; i++) {
      const subject = { visitorId: `stranger-${i}`, address: "unknown" };
      oks.push((await takeVisitorToken(kv, subject, limit, perAddress, 3 * WINDOW_START)).ok);
    }
    expect(oks).toEqual(Array(6).fill(true));
  });
});
