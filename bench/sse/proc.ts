// A process's memory and CPU as Linux accounts them, read from /proc by pid: the server
// under test is measured from outside, so the measurement costs it nothing.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { descendantsOf } from "../../e2e/support/process-tree";

/** The servers under test run gc() on this signal (see processes.ts), before RSS is read. */
export const GC_SIGNAL = "SIGUSR2";

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // USER_HZ on every mainstream Linux build.
    }
  }
  return ticksPerSecond;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** User + system CPU time the process has used so far, ms (all its threads). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces and parentheses: fields start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15, i.e. 11 and 12 counted from field 3.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks();
}

/** `pid` and every process under it: a server of several processes is measured as all of them. */
export function processTree(pid: number): number[] {
  return [pid, ...descendantsOf(pid).map((p) => p.pid)];
}
