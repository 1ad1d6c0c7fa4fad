// openKv against Redis servers configured in unfriendly ways: notifications off (openKv
// turns them on and watch works), CONFIG refused (a clear error naming the setting), and
// no server at all (a rejection, not a hang).
import { afterEach, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "@/scripts/redis/redis-server";
import { findFreePort } from "@/scripts/redis/free-port";
import { openKv } from "./index";
import { StreamProbe, uniquePrefix, values, withTimeout, type Kv } from "./test-support";

const servers: RedisServer[] = [];
const kvs: Kv[] = [];

afterEach(async () => {
  await Promise.allSettled(kvs.splice(0).map((kv) => kv.close()));
  await Promise.allSettled(servers.splice(0).map((s) => s.stop()));
});

async function server(options: Parameters<typeof startRedisServer>[0]): Promise<RedisServer> {
  const s = await startRedisServer(options);
  servers.push(s);
  return s;
}

describe("openKv", () => {
  it("turns keyspace notifications on when Redis has them off; watch then sees writes and expiry", async () => {
    const s = await server({ notifications: "" });
    const prefix = uniquePrefix("open");
    const kv = await openKv({ url: s.url, prefix });
    kvs.push(kv);
    const w = new StreamProbe(kv.watch([["k"]]));
    expect(values(await w.next())).toEqual([null]);
    await kv.set(["k"], "v", { expireIn: 200 });
    expect(values(await w.next(5000, "the write"))).toEqual(["v"]);
    expect(values(await w.next(5000, "the expiry"))).toEqual([null]);
    await w.cancel();
  });

  it("fails with an error naming notify-keyspace-events when they are off and CONFIG is refused", async () => {
    const s = await server({ notifications: "", extraArgs: ["--rename-command", "CONFIG", ""] });
    const error = await withTimeout(
      openKv({ url: s.url, prefix: uniquePrefix("noconfig") }).then(
        (kv) => {
          kvs.push(kv);
          return null;
        },
        (e: unknown) => e,
      ),
      15_000,
      "openKv to settle",
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/notify-keyspace-events/);
  });

  it("works where CONFIG is refused but notifications are already on", async () => {
    const s = await server({ extraArgs: ["--rename-command", "CONFIG", ""] });
    const kv = await openKv({ url: s.url, prefix: uniquePrefix("preset") });
    kvs.push(kv);
    const w = new StreamProbe(kv.watch([["k"]]));
    await w.next();
    await kv.set(["k"], 1);
    expect(values(await w.next())).toEqual([1]);
    await w.cancel();
  });

  it("rejects (does not hang) when no Redis listens at the URL", async () => {
    const port = await findFreePort();
    const outcome = await withTimeout(
      openKv({ url: `redis://127.0.0.1:${port}`, prefix: uniquePrefix("nobody") }).then(
        (kv) => {
          kvs.push(kv);
          return "opened";
        },
        () => "rejected",
      ),
      15_000,
      "openKv to settle",
    );
    expect(outcome).toBe("rejected");
  });
});
