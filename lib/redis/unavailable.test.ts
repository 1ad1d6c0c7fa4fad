// isRedisUnavailable: outages (real ones, from a stopped redis-server) are told apart from
// bugs and bad input, so routes answer 503 for the first and never for the second.
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { startRedisServer } from "@/scripts/redis/redis-server";
import { isRedisUnavailable } from "./unavailable";

describe("isRedisUnavailable", () => {
  it("is true for what ioredis throws while the server is down", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on("error", () => undefined);
    await redis.ping();
    await server.stop();
    const queued = await redis.set("k", "v").catch((error: unknown) => error);
    expect(isRedisUnavailable(queued)).toBe(true);
    redis.disconnect();
    // A client that does not queue while disconnected fails at once, in its own words.
    const unqueued = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
    const refused = await unqueued.get("k").catch((error: unknown) => error);
    expect(isRedisUnavailable(refused)).toBe(true);
    unqueued.disconnect();
  });

  it("is true for Redis's 'cannot serve now' replies and for causes, false for anything else", () => {
    expect(isRedisUnavailable(new Error("LOADING Redis is loading the dataset in memory"))).toBe(true);
    // A Cluster slot that moved under a command (a failover the client had not followed yet).
    expect(isRedisUnavailable(new Error("MOVED 3999 127.0.0.1:6381"))).toBe(true);
    expect(isRedisUnavailable(new Error("ASK 3999 127.0.0.1:6381"))).toBe(true);
    expect(isRedisUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isRedisUnavailable(new Error("Connection is closed."))).toBe(true);
    expect(isRedisUnavailable(new Error("wrapped", { cause: new Error("Connection is closed.") }))).toBe(true);
    expect(isRedisUnavailable(new Error("ERR wrong number of arguments"))).toBe(false);
    expect(isRedisUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isRedisUnavailable("Connection is closed.")).toBe(false);
  });

  it("is true for what ioredis's Cluster client throws while a slot has no reachable primary", () => {
    expect(isRedisUnavailable(new Error("Too many Cluster redirections. Last error: Error: Connection is closed."))).toBe(true);
    expect(isRedisUnavailable(new Error("CLUSTERDOWN The cluster is down"))).toBe(true);
    expect(isRedisUnavailable(Object.assign(new Error("Failed to refresh slots cache."), { name: "ClusterAllFailedError" }))).toBe(true);
  });
});
