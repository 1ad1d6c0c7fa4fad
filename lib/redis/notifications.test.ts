import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { createRedis } from "./connect";
import { ensureKeyspaceNotifications, KeyspaceNotificationsError, missingFlags } from "./notifications";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";

const servers: RedisServer[] = [];
const clients: Redis[] = [];

async function redisWith(notifications: string, extraArgs: string[] = []): Promise<Redis> {
  const server = await startRedisServer({ notifications, extraArgs });
  servers.push(server);
  const client = createRedis(server.url);
  clients.push(client);
  return client;
}

async function flags(redis: Redis): Promise<string> {
  return ((await redis.config("GET", "notify-keyspace-events")) as string[])[1];
}

const NO_CONFIG = ["--rename-command", "CONFIG", ""];

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe("missingFlags", () => {
  it("treats A as every key-type class", () => {
    expect(missingFlags("AK", "Kg$xe")).toBe("");
    expect(missingFlags("AE", "Kg$xe")).toBe("K");
    expect(missingFlags("", "Kg$xe")).toBe("Kg$xe");
    expect(missingFlags("Kx", "Kg$xe")).toBe("g$e");
  });
});

describe("ensureKeyspaceNotifications", () => {
  it("turns notifications on when they are off, and they then arrive", async () => {
    const redis = await redisWith("");
    await ensureKeyspaceNotifications(redis);
    expect(missingFlags(await flags(redis), "Kg$xe")).toBe("");
    const sub = redis.duplicate();
    clients.push(sub);
    await sub.subscribe("__keyspace@0__:hello");
    const event = new Promise<string>((resolve) => sub.on("message", (_channel: string, e: string) => resolve(e)));
    await redis.set("hello", "world");
    expect(await event).toBe("set");
  });

  it("adds only what is missing and keeps what is there", async () => {
    const redis = await redisWith("Elx");
    await ensureKeyspaceNotifications(redis);
    const after = await flags(redis);
    expect(missingFlags(after, "Kg$xeElx")).toBe("");
  });

  it("leaves a sufficient setting (AKE) alone", async () => {
    const redis = await redisWith("AKE");
    await ensureKeyspaceNotifications(redis);
    expect(await flags(redis)).toBe("AKE");
  });

  it("fails naming the setting when CONFIG is refused and notifications are off", async () => {
    const redis = await redisWith("", NO_CONFIG);
    const attempt = ensureKeyspaceNotifications(redis);
    await expect(attempt).rejects.toBeInstanceOf(KeyspaceNotificationsError);
    await expect(attempt).rejects.toThrow(/notify-keyspace-events to include 'Kg\$xe'/);
  });

  it("names the missing events when only some are on", async () => {
    const redis = await redisWith("K$", NO_CONFIG);
    await expect(ensureKeyspaceNotifications(redis)).rejects.toThrow(/did not see these events: expire, expired/);
  });

  it("accepts notifications it cannot configure but can see working", async () => {
    const redis = await redisWith("Kg$xe", NO_CONFIG);
    await expect(ensureKeyspaceNotifications(redis)).resolves.toBeUndefined();
  });

  it("fails naming the setting when an ACL forbids CONFIG", async () => {
    const acl = ["--user", "default", "on", "nopass", "~*", "&*", "+@all", "-config"];
    const redis = await redisWith("", acl);
    await expect(ensureKeyspaceNotifications(redis)).rejects.toThrow(/notify-keyspace-events.*NOPERM/s);
  });
});
