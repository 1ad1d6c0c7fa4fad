// vitest globalSetup of the "kv-cluster" project: one throwaway 3+3 Redis Cluster shared by
// every lib/kv test file of the run (forming one takes seconds; each test uses its own prefix).

import type { TestProject } from "vitest/node";
import { startTestCluster } from "../../redis/fixtures/cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** "host:port" seed nodes of the run's Redis Cluster. */
    kvClusterNodes: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startTestCluster();
  project.provide(
    "kvClusterNodes",
    cluster.seeds().map(({ host, port }) => `${host}:${port}`),
  );
  return () => cluster.stop();
}
