// A real nginx (Debian's package; scripts/setup-system.sh installs it) in front of app
// instances, running the repo's own scripts/nginx/livekv.conf with only its ports rewritten:
// as the user running the tests, in the foreground, with its pid file, logs and temp files in
// a folder of its own, on a free port.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../../scripts/redis/free-port";

export const NGINX_CONFIG = join(import.meta.dirname, "..", "..", "scripts", "nginx", "livekv.conf");

export interface Nginx {
  origin: string;
  /** Its error log so far. */
  log(): string;
  stop(): Promise<void>;
}

function nginxBinary(): string {
  for (const candidate of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/opt/homebrew/bin/nginx", "/usr/local/bin/nginx"]) {
    if (existsSync(candidate)) return candidate;
  }
  const found = spawnSync("/bin/sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  throw new Error("nginx is not installed: run `npm run setup:system` (or `sudo apt-get install -y nginx`)");
}

/** scripts/nginx/livekv.conf with its upstream servers and its listen port replaced. */
export function configFor(upstreamPorts: readonly number[], listenPort: number): string {
  const shipped = readFileSync(NGINX_CONFIG, "utf8");
  const upstream = /^(\s*)server 127\.0\.0\.1:\d+;\n/m;
  const indent = upstream.exec(shipped)?.[1];
  if (indent === undefined) throw new Error(`${NGINX_CONFIG}: no "server 127.0.0.1:<port>;" line in its upstream`);
  const servers = upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port};\n`).join("");
  const rewritten = shipped
    .replace(/^\s*server 127\.0\.0\.1:\d+;\n/gm, "")
    .replace(/^(\s*)(keepalive \d+;)/m, `${servers}$1$2`)
    .replace(/^(\s*)listen \d+;/m, `$1listen 127.0.0.1:${listenPort};`);
  if (!rewritten.includes(`listen 127.0.0.1:${listenPort};`)) throw new Error(`${NGINX_CONFIG}: no "listen <port>;" line`);
  return rewritten;
}

export async function startNginx(upstreamPorts: readonly number[]): Promise<Nginx> {
  const binary = nginxBinary();
  const prefix = mkdtempSync(join(tmpdir(), "livekv-nginx-"));
  // Started as root, nginx's workers run as an unprivileged user, which must reach its temp files.
  chmodSync(prefix, 0o755);
  const port = await findFreePort();
  const errorLog = join(prefix, "error.log");
  writeFileSync(
    join(prefix, "nginx.conf"),
    [
      `pid ${join(prefix, "nginx.pid")};`,
      `error_log ${errorLog} info;`,
      "worker_processes 1;",
      "events { worker_connections 1024; }",
      "http {",
      `  access_log off;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${join(prefix, t)};`),
      configFor(upstreamPorts, port),
      "}",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(binary, ["-p", prefix, "-e", errorLog, "-c", join(prefix, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const log = (): string => stderr + (existsSync(errorLog) ? readFileSync(errorLog, "utf8") : "");
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      // QUIT would wait for every open stream to end; TERM closes them.
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(prefix, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const text = log();
      await stop();
      throw new Error(`nginx exited with ${child.exitCode}:\n${text}`);
    }
    try {
      await fetch(`${origin}/api/health`);
      return { origin, log, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`nginx did not listen on ${origin} within 10 s`);
}
