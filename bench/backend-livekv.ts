// LiveKV on a throwaway redis-server: the benchmark never touches a Redis it did not start.

import { openKv } from "../lib/kv/index";
import { createRedis } from "../lib/redis/connect";
import { startRedisServer } from "../scripts/redis/redis-server";
import type { Backend } from "./backend";
import { denoKvOps } from "./deno-kv-ops";

export async function openLiveKv(): Promise<Backend & { redisVersion: string }> {
  const server = await startRedisServer();
  const kv = await openKv({ url: server.url, prefix: "bench" });
  // A separate connection for INFO, so the Kv's own connections carry only the workload.
  const admin = createRedis(server.url, { connectionName: "bench-admin" });
  const info = async (section: string, field: string): Promise<string> => {
    const text = await admin.info(section);
    return new RegExp(`^${field}:(.*)$`, "m").exec(text)?.[1]?.trim() ?? "?";
  };
  return {
    label: "LiveKV (Redis)",
    watchMode: "watch(keys) (default, raw: false)",
    redisVersion: await info("server", "redis_version"),
    ...denoKvOps(kv),
    watch(keys) {
      return kv.watch(keys);
    },
    subscribe(keys, listener) {
      return kv.subscribe(keys, listener);
    },
    watchReads: () => kv.watchStats().reads,
    primaries: () => [`127.0.0.1:${server.port}`],
    notificationsByNode: () => ({ [`127.0.0.1:${server.port}`]: kv.watchStats().notifications }),
    serverMemory: async () => Number(await info("memory", "used_memory")),
    async close() {
      await kv.close();
      await admin.quit();
      await server.stop();
    },
  };
}
