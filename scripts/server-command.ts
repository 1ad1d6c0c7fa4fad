// How to start the app's server (server.ts) as a child process: one place for the run script,
// the e2e instances and the benchmarks, so all of them run the app the way `npm start` does.
// Production runs the compiled server (`npm run build` makes it); development the source.
// Run it from the project's root.

import { join } from "node:path";
import { serverBundle } from "./build-server";

// tsx as a loader, not its CLI: the CLI runs the script in a child process of its own, and
// the pid a caller signals, profiles or measures must be the server's.
const tsxLoader = import.meta.resolve("tsx");
const serverSource = join(import.meta.dirname, "..", "server.ts");

/** node arguments (after any node flags of the caller's) that start the server in `mode` on `port`. */
export function serverArgs(mode: "dev" | "start", port: number | string, hostname?: string): string[] {
  const entry = mode === "start" ? [serverBundle()] : ["--import", tsxLoader, serverSource];
  return [...entry, mode, "--port", String(port), ...(hostname ? ["--hostname", hostname] : [])];
}

/** The environment server.ts needs beside REDIS_URL: React and Next pick their builds by NODE_ENV. */
export function serverEnv(mode: "dev" | "start"): { NODE_ENV: "production" | "development" } {
  return { NODE_ENV: mode === "start" ? "production" : "development" };
}
