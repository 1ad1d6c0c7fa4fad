// Runs one task in a child node process (with --expose-gc, which memory needs) and returns
// the JSON result it prints. The child's progress goes straight to our stderr.

import { spawn } from "node:child_process";
import { join } from "node:path";
import { RESULT_PREFIX, type BackendName, type TaskName, type TaskResult } from "./tasks";

const CHILD_TIMEOUT_MS = 150_000;

export function runChild(root: string, backend: BackendName, task: TaskName): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    // `--import tsx` resolves from the working directory, hence cwd: root.
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(root, "bench", "run-task.ts"), backend, task],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`${backend} ${task}: child exited with ${signal ?? code} and no result`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as TaskResult);
    });
  });
}
