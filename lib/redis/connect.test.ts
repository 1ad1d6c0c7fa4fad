import { afterAll, describe, expect, it } from "vitest";
import { createRedis, redactUrl } from "./connect";
import { startRedisServer } from "@/scripts/redis/redis-server";

describe("createRedis", () => {
  const started = startRedisServer();
  afterAll(async () => (await started).stop());

  it("connects and runs commands", async () => {
    const server = await started;
    const redis = createRedis(server.url);
    try {
      expect(await redis.ping()).toBe("PONG");
    } finally {
      redis.disconnect();
    }
  });

  it("fails a write within a couple of seconds while Redis is down, then recovers", async () => {
    const server = await started;
    const redis = createRedis(server.url);
    try {
      await redis.ping();
      await server.kill();
      const began = Date.now();
      await expect(redis.set("k", "v")).rejects.toThrow();
      expect(Date.now() - began).toBeLessThan(3_000);
      await server.start();
      await expect.poll(() => redis.set("k", "v").catch(() => "down"), { timeout: 5_000 }).toBe("OK");
    } finally {
      redis.disconnect();
    }
  });
});

describe("redactUrl", () => {
  it("hides the password", () => {
    expect(redactUrl("redis://user:secret@host:6379/0")).toBe("redis://user:***@host:6379/0");
  });
});
