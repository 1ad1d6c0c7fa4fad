import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { createRedis } from "../../lib/redis/connect";
import { lockPath, type LockState } from "./data-dir-lock";
import { startManagedRedis, type ManagedRedis } from "./managed";
import { probeRedis } from "../../lib/redis/ping";

const running: ManagedRedis[] = [];
const clients: Redis[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
const quiet = { log: () => undefined };

async function dataDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "livekv-managed-")), "redis");
}

async function managed(dir: string, extra: Parameters<typeof startManagedRedis>[0] = {}): Promise<ManagedRedis> {
  const m = await startManagedRedis({ dataDir: dir, ...quiet, ...extra });
  running.push(m);
  return m;
}

function client(url: string): Redis {
  const c = createRedis(url);
  clients.push(c);
  return c;
}

async function redisPid(port: number): Promise<number | null> {
  const probe = await probeRedis(port);
  return probe.state === "ready" ? probe.pid : null;
}

function lock(dir: string): LockState {
  return JSON.parse(readFileSync(lockPath(dir), "utf8")) as LockState;
}

interface FixtureInfo {
  url: string;
  port: number;
  owner: boolean;
}

function appProcess(dir: string): Promise<{ child: ChildProcessWithoutNullStreams; info: FixtureInfo }> {
  const fixture = fileURLToPath(new URL("./fixtures/managed.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", fixture, dir], { stdio: "pipe" });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (err += chunk));
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve({ child, info: JSON.parse(out) as FixtureInfo });
    });
    child.once("exit", (code) => reject(new Error(`app process exited ${code}: ${err}`)));
  });
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await Promise.all(running.splice(0).map((m) => m.stop()));
});

describe("startManagedRedis", () => {
  it("runs Redis with its data, append-only file and notifications in the data folder", async () => {
    const dir = await dataDir();
    const m = await managed(dir);
    expect(m.owner).toBe(true);
    const redis = client(m.url);
    const config = async (name: string): Promise<string> => ((await redis.config("GET", name)) as string[])[1];
    expect(await config("dir")).toBe(dir);
    expect(await config("appendonly")).toBe("yes");
    // Every acknowledged write is on disk (e2e/faults-kill-redis.spec.ts kills it to check).
    expect(await config("appendfsync")).toBe(process.env.LIVEKV_REDIS_FSYNC || "always");
    expect(await config("notify-keyspace-events")).toMatch(/K/);
    expect(lock(dir)).toMatchObject({ ownerPid: process.pid, port: m.port });
    await redis.set("k", "v");
    await m.stop();
    expect(existsSync(lockPath(dir))).toBe(false);
    expect(await probeRedis(m.port)).toEqual({ state: "unreachable" });
    expect(existsSync(join(dir, "appendonlydir"))).toBe(true);
  });

  it("keeps the data across app restarts", async () => {
    const dir = await dataDir();
    const first = await managed(dir, { appendFsync: "always" });
    await client(first.url).set("kept", "yes");
    await first.stop();
    const second = await managed(dir);
    expect(await client(second.url).get("kept")).toBe("yes");
  });

  it("takes LIVEKV_REDIS_FSYNC from the environment and rejects nonsense", async () => {
    const saved = process.env.LIVEKV_REDIS_FSYNC;
    try {
      process.env.LIVEKV_REDIS_FSYNC = "everysec";
      const m = await managed(await dataDir());
      expect(((await client(m.url).config("GET", "appendfsync")) as string[])[1]).toBe("everysec");
      process.env.LIVEKV_REDIS_FSYNC = "sometimes";
      await expect(startManagedRedis({ dataDir: await dataDir(), ...quiet })).rejects.toThrow(/LIVEKV_REDIS_FSYNC must be one of/);
    } finally {
      if (saved === undefined) delete process.env.LIVEKV_REDIS_FSYNC;
      else process.env.LIVEKV_REDIS_FSYNC = saved;
    }
  });

  it("a second start on the same folder reuses the running server", async () => {
    const dir = await dataDir();
    const first = await managed(dir);
    const second = await managed(dir);
    expect(second.owner).toBe(false);
    expect(second.url).toBe(first.url);
    // Stopping a reuser leaves the owner's server alone.
    await second.stop();
    expect(await client(first.url).ping()).toBe("PONG");
  });

  it("two app processes on one folder share one server", async () => {
    const dir = await dataDir();
    const a = await appProcess(dir);
    const b = await appProcess(dir);
    expect([a.info.owner, b.info.owner]).toEqual([true, false]);
    expect(b.info.port).toBe(a.info.port);
    expect(lock(dir).ownerPid).toBe(a.child.pid);
  });

  it("when the owning app dies, a process that reused its Redis takes over on the same port", async () => {
    const dir = await dataDir();
    const a = await appProcess(dir);
    const b = await managed(dir, { followIntervalMs: 100 });
    const before = await redisPid(a.info.port);
    a.child.kill("SIGKILL");
    await expect.poll(() => b.owner, { timeout: 10_000 }).toBe(true);
    expect(b.port).toBe(a.info.port);
    const after = await redisPid(b.port);
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(lock(dir)).toMatchObject({ ownerPid: process.pid, port: a.info.port });
  });

  it("takes over a stale lock left by a dead process, on its port", async () => {
    const dir = await dataDir();
    const first = await managed(dir);
    const port = first.port;
    await first.stop();
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => dead.once("exit", r));
    const stale: LockState = { ownerPid: dead.pid as number, ownerStart: null, port, redisPid: null, updatedAt: "" };
    writeFileSync(lockPath(dir), JSON.stringify(stale));
    const m = await managed(dir);
    expect(m.owner).toBe(true);
    expect(m.port).toBe(port);
    expect(lock(dir).ownerPid).toBe(process.pid);
  });

  it("treats an unreadable lock as stale", async () => {
    const dir = await dataDir();
    await (await managed(dir)).stop();
    writeFileSync(lockPath(dir), "{half a lock");
    const m = await managed(dir);
    expect(m.owner).toBe(true);
  });

  it("restarts Redis on the same port when it crashes", async () => {
    const dir = await dataDir();
    const m = await managed(dir, { appendFsync: "always" });
    const redis = client(m.url);
    await redis.set("before", "crash");
    const pid = await redisPid(m.port);
    process.kill(pid as number, "SIGKILL");
    await expect.poll(async () => {
      const now = await redisPid(m.port);
      return now !== null && now !== pid;
    }, { timeout: 10_000 }).toBe(true);
    expect(await redis.get("before")).toBe("crash");
    await expect.poll(() => lock(dir).redisPid).not.toBe(pid);
  });
});
