// `npm run start:cluster`: a throwaway local Redis Cluster (3 primaries, 3 replicas, from the
// redis-server on PATH, data in temporary folders) and the app on it (`npm start` with
// REDIS_CLUSTER_NODES), so trying LiveKV on a cluster needs no set-up. Ctrl-C or SIGTERM stops
// the app, then the cluster. Arguments go to `npm start` (e.g. `-- --port 3001`).
//
// Run with `node --import tsx` (package.json), like scripts/run.ts, so signals reach this
// process and not a relay that would kill it before it stops the cluster.

import { spawn, type ChildProcess } from "node:child_process";
import { formCluster, type FormedCluster } from "./redis/cluster";
import { RedisServerNotFoundError } from "./redis/redis-binary";

const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function log(message: string): void {
  console.error(`[livekv] ${message}`);
}

async function main(): Promise<number> {
  if (process.env.REDIS_URL || process.env.REDIS_CLUSTER_NODES) {
    log("start:cluster starts its own Redis Cluster: unset REDIS_URL and REDIS_CLUSTER_NODES (or use `npm start` with them).");
    return 2;
  }
  let stopping = false;
  let app: ChildProcess | null = null;
  for (const signal of FORWARDED) {
    process.on(signal, () => {
      stopping = true;
      app?.kill(signal);
    });
  }

  let cluster: FormedCluster;
  try {
    log("starting a local Redis Cluster: 3 primaries, 3 replicas…");
    cluster = await formCluster({ primaries: 3 });
  } catch (error) {
    if (error instanceof RedisServerNotFoundError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  try {
    const nodes = cluster.seeds().join(",");
    log(`Redis Cluster up: REDIS_CLUSTER_NODES=${nodes} (stopped with the app; its data is thrown away)`);
    if (stopping) return 0;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/run.ts", "start", ...process.argv.slice(2)], {
      stdio: "inherit",
      env: { ...process.env, REDIS_URL: "", REDIS_CLUSTER_NODES: nodes },
    });
    app = child;
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })),
    );
    if (stopping) return 0;
    return code ?? (signal ? 1 : 0);
  } finally {
    await cluster.stop();
    log("Redis Cluster stopped");
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
