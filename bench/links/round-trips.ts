// Round trips per click, as Redis saw them. INFO commandstats can't tell them apart: it
// also counts every redis.call inside a script. MONITOR can: it names each command's
// source, a client address or "lua". So, apart from the timed runs (MONITOR slows Redis
// down), a short run of clicks is watched and the commands clients sent are counted.

import type { Redis } from "ioredis";

export interface RoundTripCount {
  /** Commands sent by clients (the app), by name: each at least one round trip's worth. */
  fromClients: Record<string, number>;
  /** Commands run inside scripts, by name. */
  inScripts: Record<string, number>;
}

/** Counts what Redis receives while `during` runs. `monitorClient` must be a fresh connection. */
export async function countCommands(monitorClient: Redis, during: () => Promise<void>): Promise<RoundTripCount> {
  const count: RoundTripCount = { fromClients: {}, inScripts: {} };
  const monitor = await monitorClient.monitor();
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    const name = (args[0] ?? "?").toLowerCase();
    const into = source === "lua" ? count.inScripts : count.fromClients;
    into[name] = (into[name] ?? 0) + 1;
  });
  try {
    await during();
    // MONITOR lines trail the commands by a moment; the last ones must not be missed.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    monitor.disconnect();
  }
  return count;
}
