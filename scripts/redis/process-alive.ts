// Whether a pid recorded in a lock file still names the process that wrote it. A pid
// alone is not enough: after a crash or reboot the number can belong to a stranger,
// so on Linux the process start time is compared too.

import { readFileSync } from "node:fs";

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses; fields resume after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Kernel start time of `pid` (clock ticks since boot), or null where /proc is absent. */
export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

export function isProcessAlive(pid: number, startTime?: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  const fields = statFields(pid);
  if (!fields) return true;
  // An exited orphan lingers as a zombie where PID 1 does not reap (containers).
  if (fields[0] === "Z") return false;
  return !startTime || fields[19] === startTime;
}
