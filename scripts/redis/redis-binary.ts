// Locates the redis-server executable. The app and the tests run a real Redis, so a
// missing binary must end in a message a newcomer can act on, not a spawn ENOENT.

import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export const REDIS_INSTALL_HINT = [
  "redis-server was not found on PATH. Install it, then try again:",
  "  Debian/Ubuntu: sudo apt-get install -y redis-server",
  "  macOS:         brew install redis",
  "(or set REDIS_URL to use a Redis server you already run)",
].join("\n");

export class RedisServerNotFoundError extends Error {
  constructor() {
    super(REDIS_INSTALL_HINT);
    this.name = "RedisServerNotFoundError";
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of redis-server, from LIVEKV_REDIS_SERVER or PATH. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.LIVEKV_REDIS_SERVER;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new RedisServerNotFoundError();
  }
  // Debian puts it in /usr/bin, but sbin dirs are often missing from a non-root PATH.
  const dirs = [...(env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, "redis-server");
    if (isExecutable(candidate)) return candidate;
  }
  throw new RedisServerNotFoundError();
}
