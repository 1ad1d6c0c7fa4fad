// How many live streams this process can hold, from its open-file limit (the soft
// RLIMIT_NOFILE). Every socket is an open file: a process that lets live streams take all of
// its files has none left to accept a health check, serve a page, read its own files or
// reconnect to Redis — it stops answering, where it should refuse new streams (503) and go on.
// So streams may use the limit less a head-room of max(256, 10 %), and connections of any kind
// (streams, pages, the API, idle ones) the limit less half that head-room: the other half is
// for Redis and the process's own files, and a stream past its cap still gets its 503 on a
// connection the process can accept. (Node raises its soft limit
// to the hard one as it starts, so this is in effect the hard limit: `ulimit -Hn`, systemd's
// LimitNOFILE, a container's --ulimit nofile.)

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Assumed where the limit cannot be read (neither /proc nor a shell): the usual Unix default. */
const ASSUMED_LIMIT = 1_024;

function parseLimit(text: string): number | null {
  const value = text.trim();
  if (value === "unlimited") return Infinity;
  const limit = Number(value);
  return Number.isInteger(limit) && limit > 0 ? limit : null;
}

/** Linux: /proc/self/limits' "Max open files" line, soft column. */
function fromProc(): number | null {
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    return line === undefined ? null : parseLimit(line.slice("Max open files".length).trim().split(/\s+/)[0]);
  } catch {
    return null;
  }
}

/** Elsewhere (macOS, BSD): a shell's `ulimit -n`, which a child inherits from this process. */
function fromShell(): number | null {
  if (process.platform === "win32") return null;
  const result = spawnSync("/bin/sh", ["-c", "ulimit -n"], { encoding: "utf8", timeout: 2_000 });
  return result.status === 0 ? parseLimit(result.stdout) : null;
}

let known: number | undefined;

/** The process's soft limit on open files (Infinity: none); read once. */
export function openFileLimit(): number {
  known ??= fromProc() ?? fromShell() ?? ASSUMED_LIMIT;
  return known;
}

/** The most live streams a process with `limit` open files may hold (Infinity: no limit). */
export function maxStreamsFor(limit: number): number {
  if (!Number.isFinite(limit)) return Infinity;
  return Math.max(0, limit - headRoom(limit));
}

/** The most open connections of any kind a process with `limit` open files may hold (Infinity: no limit). */
export function maxConnectionsFor(limit: number): number {
  if (!Number.isFinite(limit)) return Infinity;
  return Math.max(0, limit - Math.ceil(headRoom(limit) / 2));
}

/** Files kept from live streams, for everything else. */
function headRoom(limit: number): number {
  return Math.max(256, Math.ceil(limit / 10));
}
