// preflightRedis against real redis-servers: fine when notifications are on (even with CONFIG
// refused, as on managed services), fatal with the setting named when they are off and
// CONFIG is refused, and not fatal when the server is merely unreachable.
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort } from "@/scripts/redis/free-port";
import { preflightRedis } from "./preflight";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";

const NO_CONFIG = ["--rename-command", "CONFIG", ""];
const servers: RedisServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function redis(notifications: string, extraArgs: string[] = []): Promise<RedisServer> {
  const server = await startRedisServer({ notifications, extraArgs });
  servers.push(server);
  return server;
}

describe("preflightRedis", () => {
  it("passes a managed Redis that refuses CONFIG when the operator enabled notifications", async () => {
    expect(await preflightRedis((await redis("Kg$xe", NO_CONFIG)).url)).toEqual({ ok: true });
  });

  it("passes (and fixes) a Redis whose notifications are off but CONFIG is allowed", async () => {
    expect(await preflightRedis((await redis("")).url)).toEqual({ ok: true });
  });

  it("is fatal, naming the setting, when notifications are off and CONFIG is refused", async () => {
    const result = await preflightRedis((await redis("", NO_CONFIG)).url);
    expect(result).toMatchObject({ ok: false, fatal: true });
    expect(result.ok ? "" : result.message).toMatch(/notify-keyspace-events.*Kg\$xe/);
  });

  it("is not fatal when Redis cannot be reached (it may be on its way)", async () => {
    const result = await preflightRedis(`redis://127.0.0.1:${await findFreePort()}`);
    expect(result).toMatchObject({ ok: false, fatal: false });
    expect(result.ok ? "" : result.message).toMatch(/cannot be reached/);
  });
});
