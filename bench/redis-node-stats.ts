// What each Redis node spent: CPU seconds (INFO cpu, user + system) and commit scripts run
// (INFO commandstats: EVALSHA and EVAL calls), read on a connection of the benchmark's own.

import Redis from "ioredis";

export interface NodeCounters {
  /** "host:port" */
  node: string;
  cpuSeconds: number;
  scripts: number;
}

function field(text: string, pattern: RegExp): number {
  return Number(pattern.exec(text)?.[1] ?? 0);
}

export async function readNodeCounters(address: string): Promise<NodeCounters> {
  const colon = address.lastIndexOf(":");
  const redis = new Redis({ host: address.slice(0, colon), port: Number(address.slice(colon + 1)), connectionName: "bench-admin" });
  try {
    const cpu = await redis.info("cpu");
    const commands = await redis.info("commandstats");
    return {
      node: address,
      cpuSeconds: field(cpu, /^used_cpu_user:([\d.]+)/m) + field(cpu, /^used_cpu_sys:([\d.]+)/m),
      scripts: field(commands, /^cmdstat_evalsha:calls=(\d+)/m) + field(commands, /^cmdstat_eval:calls=(\d+)/m),
    };
  } finally {
    redis.disconnect();
  }
}
