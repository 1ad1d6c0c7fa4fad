// CPU time a process tree has used, from /proc (Linux). On a shared machine throughput
// moves with whatever else runs; CPU time per request barely does, so the report gives both.

import { readdirSync, readFileSync } from "node:fs";

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat. 100 on every mainstream Linux build.
const TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces.
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    // After the name: state (0), ppid (1).
    if (fields && Number(fields[1]) === pid) out.push(Number(entry));
  }
  return out;
}

/** Seconds of CPU (user + system) used so far by `pid` and its descendants, or null off Linux. */
export function cpuSeconds(pid: number): number | null {
  const own = statFields(pid);
  if (own === null) return null;
  // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
  let ticks = Number(own[11]) + Number(own[12]);
  for (const child of children(pid)) ticks += (cpuSeconds(child) ?? 0) * TICKS_PER_SECOND;
  return ticks / TICKS_PER_SECOND;
}
