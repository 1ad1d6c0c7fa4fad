// The machine line at the top of the results: numbers mean little without it.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem, release, platform } from "node:os";
import { join } from "node:path";
import { findRedisServer } from "../scripts/redis/redis-binary";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  redis: string;
  denoKv: string;
}

function packageVersion(root: string, name: string): string {
  try {
    const json: unknown = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
    return typeof json === "object" && json !== null && "version" in json ? String(json.version) : "?";
  } catch {
    return "?";
  }
}

export function describeMachine(root: string): Machine {
  const list = cpus();
  let redis = "?";
  try {
    // "Redis server v=7.0.15 sha=... malloc=jemalloc-5.3.0 bits=64 build=..."
    const text = execFileSync(findRedisServer(), ["--version"], { encoding: "utf8" });
    redis = /v=(\S+)/.exec(text)?.[1] ?? text.trim();
  } catch {
    // The LiveKV child reports the version of the server it ran; this is only the header.
  }
  return {
    cpu: list[0]?.model.trim() ?? "?",
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    redis,
    denoKv: packageVersion(root, "@deno/kv"),
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; redis-server ${m.redis}; @deno/kv ${m.denoKv}`;
}
