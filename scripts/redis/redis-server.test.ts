import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startRedisServer, type RedisServer } from "./redis-server";
import { findRedisServer, REDIS_INSTALL_HINT } from "./redis-binary";
import { pingRedis } from "../../lib/redis/ping";

const servers: RedisServer[] = [];
const clients: Redis[] = [];

async function server(options: Parameters<typeof startRedisServer>[0] = {}): Promise<RedisServer> {
  const s = await startRedisServer(options);
  servers.push(s);
  return s;
}

function client(url: string): Redis {
  const c = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  c.on("error", () => undefined);
  clients.push(c);
  return c;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An orphan that exited stays a zombie where PID 1 does not reap (containers).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true;
  }
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe("startRedisServer", () => {
  it("starts on a free loopback port and answers commands", async () => {
    const s = await server();
    expect(s.url).toBe(`redis://127.0.0.1:${s.port}`);
    expect(await client(s.url).ping()).toBe("PONG");
    const config = (await client(s.url).config("GET", "notify-keyspace-events")) as string[];
    expect(config[1]).toContain("K");
  });

  it("two servers get two ports", async () => {
    const [a, b] = await Promise.all([server(), server()]);
    expect(a.port).not.toBe(b.port);
  });

  it("stop() ends the process", async () => {
    const s = await server();
    const pid = s.pid;
    expect(pid).toBeTypeOf("number");
    await s.stop();
    expect(s.running).toBe(false);
    expect(alive(pid as number)).toBe(false);
    expect(await pingRedis(s.port)).toBe("unreachable");
  });

  it("restart() keeps port and data (append-only file)", async () => {
    const s = await server({ appendOnly: true, appendFsync: "always" });
    await client(s.url).set("k", "v");
    const port = s.port;
    await s.restart();
    expect(s.port).toBe(port);
    expect(await client(s.url).get("k")).toBe("v");
  });

  it("kill() crashes it and start() brings it back on the same port", async () => {
    const s = await server({ appendOnly: true, appendFsync: "always" });
    await client(s.url).set("k", "survives");
    await s.kill();
    expect(await pingRedis(s.port)).toBe("unreachable");
    await s.start();
    expect(await client(s.url).get("k")).toBe("survives");
  });

  it("reports an exit nobody asked for, and not an asked-for one", async () => {
    const s = await server();
    const exits: (NodeJS.Signals | null)[] = [];
    s.onUnexpectedExit((e) => exits.push(e.signal));
    await s.restart();
    expect(exits).toEqual([]);
    process.kill(s.pid as number, "SIGKILL");
    await expect.poll(() => exits).toEqual(["SIGKILL"]);
    expect(s.running).toBe(false);
  });

  it("uses the given data dir and notification flags", async () => {
    const dir = await mkdtemp(join(tmpdir(), "livekv-test-"));
    const s = await server({ dir, appendOnly: true, notifications: "" });
    expect(s.dir).toBe(dir);
    const config = (await client(s.url).config("GET", "notify-keyspace-events")) as string[];
    expect(config[1]).toBe("");
    await client(s.url).set("x", "1");
    await s.stop();
    expect(existsSync(join(dir, "appendonlydir"))).toBe(true);
  });

  it("fails with redis-server's own words when it cannot start", async () => {
    await expect(startRedisServer({ extraArgs: ["--no-such-option", "1"] })).rejects.toThrow(/exited.*before it was ready[\s\S]*no-such-option/i);
  });

  it("refuses a fixed port that is taken", async () => {
    const s = await server();
    await expect(startRedisServer({ port: s.port, startTimeoutMs: 3000 })).rejects.toThrow();
  }, 20_000);
});

describe("no stray processes", () => {
  /** A Node process (no tsx wrapper, so killing it is the whole story) that started a redis-server. */
  async function startOwner(): Promise<{ owner: ChildProcess; pid: number; dir: string }> {
    const fixture = fileURLToPath(new URL("./fixtures/start-and-wait.ts", import.meta.url));
    const owner = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    const [pid, dir] = await new Promise<[number, string]>((resolveStarted, reject) => {
      owner.stdout?.setEncoding("utf8");
      owner.stdout?.on("data", (line: string) => {
        const [p, d] = line.trim().split(" ");
        resolveStarted([Number(p), d]);
      });
      owner.once("exit", () => reject(new Error("fixture exited early")));
    });
    expect(alive(pid)).toBe(true);
    return { owner, pid, dir };
  }

  /** The way an OOM killer would: no exit handlers run. */
  function killOwner(owner: ChildProcess): void {
    process.kill(owner.pid as number, "SIGKILL");
    owner.stdout?.destroy();
  }

  it("a redis-server and its temp folder go with the Node process that started it, even by SIGKILL", async () => {
    const { owner, pid, dir } = await startOwner();
    killOwner(owner);
    await expect.poll(() => alive(pid), { timeout: 5000 }).toBe(false);
    // ...and its temporary data folder goes with it.
    await expect.poll(() => existsSync(dir), { timeout: 5000 }).toBe(false);
  });

  it("even while the redis-server is paused (SIGSTOP), as the history test's nemesis does", async () => {
    const { owner, pid } = await startOwner();
    process.kill(pid, "SIGSTOP");
    try {
      killOwner(owner);
      await expect.poll(() => alive(pid), { timeout: 5000 }).toBe(false);
    } finally {
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  });
});

describe("findRedisServer", () => {
  it("finds the binary on PATH", () => {
    expect(findRedisServer()).toMatch(/redis-server$/);
  });

  it("says how to install it when missing", () => {
    expect(() => findRedisServer({ ...process.env, PATH: "/nonexistent", LIVEKV_REDIS_SERVER: "/nonexistent/redis-server" })).toThrow(REDIS_INSTALL_HINT);
    expect(REDIS_INSTALL_HINT).toContain("sudo apt-get install -y redis-server");
    expect(REDIS_INSTALL_HINT).toContain("brew install redis");
  });
});
