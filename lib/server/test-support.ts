// For tests that go through the app's own getKv() (route handlers, the live-stream front):
// they need REDIS_URL pointing at the file's throwaway redis-server (or, on the Cluster
// back-end, REDIS_CLUSTER_NODES at the run's cluster), and the memoized Kv gone when the file ends.

import { afterAll, beforeAll, inject } from "vitest";
import { useKvTestEnv, type KvTestEnv } from "@/lib/kv/test-support";
import type { RedisServerOptions } from "@/scripts/redis/redis-server";
import { forgetServerKv } from "./kv";

/**
 * Registers beforeAll/afterAll hooks: one redis-server for the calling test file (as
 * useKvTestEnv), REDIS_URL set to it for getKv(), and at the end the app's Kv closed.
 */
export function useAppRedis(options: RedisServerOptions = {}): KvTestEnv {
  const env = useKvTestEnv(options);

  beforeAll(() => {
    if (env.backend === "cluster") {
      delete process.env.REDIS_URL;
      process.env.REDIS_CLUSTER_NODES = inject("kvClusterNodes").join(",");
    } else {
      delete process.env.REDIS_CLUSTER_NODES;
      process.env.REDIS_URL = env.url;
    }
  });

  // Registered after useKvTestEnv's hooks, so it runs before the server stops.
  afterAll(async () => {
    // Dropped rather than only closed: getKv() would otherwise hand the closed Kv to the next
    // file in this worker. Not closeServerKv(), whose refusal would outlive this file.
    const opening = forgetServerKv();
    const kv = await opening?.catch(() => undefined);
    await kv?.close();
  });

  return env;
}
