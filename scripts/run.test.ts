import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startRedisServer } from "@/scripts/redis/redis-server";

const root = fileURLToPath(new URL("..", import.meta.url));

function runScript(args: string[], env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/run.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe("scripts/run.ts", () => {
  it("without redis-server, says how to install it and exits 1", () => {
    const { status, stderr } = runScript(["start"], { REDIS_URL: "", LIVEKV_REDIS_SERVER: "/nonexistent/redis-server" });
    expect(status).toBe(1);
    expect(stderr).toContain("sudo apt-get install -y redis-server");
    expect(stderr).toContain("brew install redis");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses to start on a Redis whose notifications are off and CONFIG is refused, naming the setting", async () => {
    const redis = await startRedisServer({ notifications: "", extraArgs: ["--rename-command", "CONFIG", ""] });
    try {
      const { status, stderr } = runScript(["start"], { REDIS_URL: redis.url });
      expect(status).toBe(1);
      expect(stderr).toMatch(/notify-keyspace-events/);
      expect(stderr).toContain("Kg$xe");
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr).not.toMatch(/Ready in|next build/);
    } finally {
      await redis.stop();
    }
  });

  it("rejects an unknown mode", () => {
    const { status, stderr } = runScript(["serve"], {});
    expect(status).toBe(2);
    expect(stderr).toContain("usage:");
  });
});
