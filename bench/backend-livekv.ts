// LiveKV on a throwaway redis-server: the benchmark never touches a Redis it did not start.

import { openKv } from "../lib/kv/index";
import { createRedis } from "../lib/redis/connect";
import { startRedisServer } from "../lib/redis/redis-server";
import type { Backend } from "./backend";

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
    async set(key, value) {
      return (await kv.set(key, value)).versionstamp;
    },
    atomicSet(keys, value) {
      const op = kv.atomic();
      for (const key of keys) op.set(key, value);
      return {
        async commit() {
          const result = await op.commit();
          if (!result.ok) throw new Error("commit without checks failed");
          return result.versionstamp;
        },
      };
    },
    async get(key) {
      return (await kv.get(key)).versionstamp;
    },
    async sum(key) {
      await kv.atomic().sum(key, 1n).commit();
    },
    watch(keys) {
      return kv.watch(keys);
    },
    subscribe(keys, listener) {
      return kv.subscribe(keys, listener);
    },
    watchReads: () => kv.watchStats().reads,
    serverMemory: async () => Number(await info("memory", "used_memory")),
    async close() {
      await kv.close();
      await admin.quit();
      await server.stop();
    },
  };
}
