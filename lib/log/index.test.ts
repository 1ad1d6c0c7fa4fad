// describeError/logError: a real Redis error (whose reply quotes the command's arguments, and
// whose ioredis `command` holds them all) is logged by its class and reply code only; the app's
// own errors keep their message, causes and stack frames.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";
import { describeError, logError } from "./index";

let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

describe("describeError", () => {
  it("tells a Redis error by its class and reply code, never the arguments Redis quotes back", async () => {
    const error = await redis.call("NO-SUCH-COMMAND", "visitor-7Hq2-secret", "198.51.100.4").catch((e: unknown) => e);
    // What a plain log would show: Redis repeats the arguments, and ioredis keeps them too.
    expect(String((error as Error).message)).toContain("visitor-7Hq2-secret");
    const line = describeError(new Error("request failed", { cause: error }));
    expect(line).toBe("Error: request failed <- caused by ReplyError: ERR");
  });

  it("keeps the app's own messages and causes, and logs a bug's stack frames", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'seq')", { cause: new RangeError("Key too large") });
    expect(describeError(bug)).toBe("TypeError: Cannot read properties of undefined (reading 'seq') <- caused by RangeError: Key too large");
    expect(describeError("a string")).toBe("a thrown string");
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    try {
      logError("request failed", bug);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[livekv\] request failed: TypeError: Cannot read/);
    expect(lines[0]).toMatch(/\n\s+at .*index\.test\.ts/);
  });
});
