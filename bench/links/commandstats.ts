// Redis's own count of the commands it ran (INFO commandstats): what a click costs Redis,
// the commands its script runs included. (Round trips are counted apart: round-trips.ts.)

import type { Redis } from "ioredis";

export type CommandCounts = Record<string, number>;

/** `cmdstat_evalsha:calls=12,usec=…` → { evalsha: 12 }. */
export function parseCommandStats(info: string): CommandCounts {
  const counts: CommandCounts = {};
  for (const line of info.split(/\r?\n/)) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match) counts[match[1]] = Number(match[2]);
  }
  return counts;
}

export async function readCommandStats(redis: Redis): Promise<CommandCounts> {
  return parseCommandStats(await redis.info("commandstats"));
}

/** after − before per command, without the INFO calls the measuring itself made. */
export function commandDelta(before: CommandCounts, after: CommandCounts): CommandCounts {
  const delta: CommandCounts = {};
  for (const [name, calls] of Object.entries(after)) {
    if (name === "info") continue;
    const n = calls - (before[name] ?? 0);
    if (n > 0) delta[name] = n;
  }
  return delta;
}

export function sumCounts(counts: CommandCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
