// Runs the load client for one scenario against one server, in its own process, and
// returns its result. The client's progress and errors go straight to our stderr.

import { join } from "node:path";
import type { LoadClientArgs } from "./load-client";
import { spawnNode } from "./processes";
import { RESULT_PREFIX, type ScenarioResult } from "./scenarios";

const LOAD_TIMEOUT_MS = 180_000;

export function runLoad(root: string, args: LoadClientArgs): Promise<ScenarioResult> {
  const child = spawnNode(["--import", "tsx", join(root, "bench", "sse", "load-client.ts"), JSON.stringify(args)], {
    cwd: root,
    stdout: "pipe",
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), LOAD_TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`${args.kind} ${args.scenario.id}: load client exited with ${signal ?? code} and no result`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ScenarioResult);
    });
  });
}
