import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKv, type Kv } from "@/lib/kv";
import { startRedisServer, type RedisServer } from "@/lib/redis/redis-server";
import { rateLimitedResponse, takeToken } from "./index";

let server: RedisServer;
let kv: Kv;

beforeAll(async () => {
  server = await startRedisServer();
  kv = await openKv({ url: server.url, prefix: "ratelimit-test" });
});

afterAll(async () => {
  await kv.close();
  await server.stop();
});

describe("takeToken", () => {
  it("allows `limit` requests per window, then refuses with the time left", async () => {
    const rule = { limit: 3, windowMs: 10_000 };
    const now = 1_000_000_000;
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await takeToken(kv, "t1", "alice", rule, now));
    expect(decisions.map((d) => d.ok)).toEqual([true, true, true, false]);
    expect(decisions[3]).toEqual({ ok: false, retryAfterMs: 10_000 });
    // Another client and the next window are not affected.
    expect((await takeToken(kv, "t1", "bob", rule, now)).ok).toBe(true);
    expect((await takeToken(kv, "t1", "alice", rule, now + 10_000)).ok).toBe(true);
  });

  it("LIVEKV_RATE_LIMIT_FACTOR scales every limit", async () => {
    const saved = process.env.LIVEKV_RATE_LIMIT_FACTOR;
    process.env.LIVEKV_RATE_LIMIT_FACTOR = "2.5";
    try {
      const rule = { limit: 2, windowMs: 10_000 };
      const decisions = [];
      for (let i = 0; i < 6; i++) decisions.push((await takeToken(kv, "t-factor", "dave", rule, 2_000_000_000)).ok);
      expect(decisions).toEqual([true, true, true, true, true, false]);
    } finally {
      if (saved === undefined) delete process.env.LIVEKV_RATE_LIMIT_FACTOR;
      else process.env.LIVEKV_RATE_LIMIT_FACTOR = saved;
    }
  });

  it("counts concurrent requests exactly: 20 at once against a limit of 10 → 10 allowed", async () => {
    const rule = { limit: 10, windowMs: 60_000 };
    const now = Date.now();
    const decisions = await Promise.all(Array.from({ length: 20 }, () => takeToken(kv, "t2", "carol", rule, now)));
    expect(decisions.filter((d) => d.ok).length).toBeLessThanOrEqual(10);
    // Refusals under contention are allowed, but a full window must be reached in the end.
    while ((await takeToken(kv, "t2", "carol", rule, now)).ok);
    expect((await kv.get(["rate", "t2", "carol", Math.floor(now / rule.windowMs)])).value).toBe(10);
  });

  it("answers 429 JSON with Retry-After in seconds", async () => {
    const response = rateLimitedResponse({ retryAfterMs: 2_500 }, "messages");
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("3");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "Too many messages: try again in 3 s." } });
  });
});
