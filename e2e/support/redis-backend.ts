// The Redis a spec's own app instances use, by Playwright project: a throwaway redis-server
// ("chromium"), or a throwaway 3+3 Redis Cluster ("cluster"). Handed to startNextInstance.

import type { TestInfo } from "@playwright/test";
import { startTestCluster, type TestCluster } from "../../scripts/redis/fixtures/cluster";
import { startRedisServer } from "../../scripts/redis/redis-server";

export interface E2eRedis {
  /** REDIS_URL for startNextInstance ("" on a cluster). */
  url: string;
  /** What else the app's environment needs (REDIS_CLUSTER_NODES on a cluster). */
  env: Record<string, string>;
  /** The cluster, when the project runs on one. */
  cluster: TestCluster | null;
  stop(): Promise<void>;
}

export function onCluster(testInfo: TestInfo): boolean {
  return testInfo.project.name === "cluster";
}

export async function startE2eRedis(testInfo: TestInfo): Promise<E2eRedis> {
  if (!onCluster(testInfo)) {
    const server = await startRedisServer();
    return { url: server.url, env: {}, cluster: null, stop: () => server.stop() };
  }
  const cluster = await startTestCluster();
  const nodes = cluster.seeds().map(({ host, port }) => `${host}:${port}`).join(",");
  return { url: "", env: { REDIS_CLUSTER_NODES: nodes }, cluster, stop: () => cluster.stop() };
}
