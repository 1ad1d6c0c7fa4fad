// Child processes outlive a Node process that dies by SIGKILL or an unhandled signal:
// "exit" handlers never run. A tiny shell per Node process holds the read end of a
// pipe; when Node dies for any reason the pipe closes and the shell stops every
// redis-server still registered with it, then removes their temporary data folders.
// Normal stops unregister first.

import { spawn, type ChildProcess } from "node:child_process";
import { Socket } from "node:net";

const SCRIPT = `
pids=" "
dirs=""
while IFS= read -r line; do
  case "$line" in
    -*) pids=$(printf '%s' "$pids" | sed "s/ \${line#-} / /") ;;
    d/*) dirs="$dirs\${line#d}
" ;;
    *) pids="$pids$line " ;;
  esac
done
# CONT: a paused (SIGSTOP) server acts on the TERM only once it runs again.
for pid in $pids; do kill -TERM "$pid" 2>/dev/null; kill -CONT "$pid" 2>/dev/null; done
# Give Redis a moment to exit before its temporary data folder goes.
if [ -n "$dirs" ]; then
  tries=0
  while [ $tries -lt 50 ]; do
    left=0
    for pid in $pids; do
      state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
      case "$state" in ""|Z*) ;; *) left=1 ;; esac
    done
    [ $left = 0 ] && break
    tries=$((tries + 1))
    sleep 0.1
  done
  printf '%s' "$dirs" | while IFS= read -r dir; do rm -rf -- "$dir"; done
fi
`;

let shell: ChildProcess | null = null;

function watchdogShell(): ChildProcess | null {
  if (shell && shell.exitCode === null && shell.stdin?.writable) return shell;
  try {
    // detached: a terminal's Ctrl-C must not kill the watchdog before Node's own cleanup.
    const child = spawn("/bin/sh", ["-c", SCRIPT], { stdio: ["pipe", "ignore", "ignore"], detached: true });
    child.on("error", () => {
      shell = null;
    });
    child.unref();
    // The pipe would otherwise keep the event loop (and so the Node process) alive.
    if (child.stdin instanceof Socket) child.stdin.unref();
    child.stdin?.on("error", () => undefined);
    shell = child;
    return child;
  } catch {
    // Without /bin/sh we still have the "exit" handler; the watchdog is a safety net.
    return null;
  }
}

export function guardProcess(pid: number): void {
  watchdogShell()?.stdin?.write(`${pid}\n`);
}

/** An absolute path to delete once Node has died (after the guarded processes). */
export function guardTemporaryDirectory(path: string): void {
  if (!path.startsWith("/") || path.includes("\n")) return;
  watchdogShell()?.stdin?.write(`d${path}\n`);
}

export function releaseProcess(pid: number): void {
  if (shell?.stdin?.writable) shell.stdin.write(`-${pid}\n`);
}
