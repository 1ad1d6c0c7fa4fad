// A dependency-free readiness probe over a raw socket: used to wait for a server we
// just spawned without an ioredis client and its retry machinery. It asks INFO rather
// than PING so that it can tell *our* process from another server on the same port.

import { connect } from "node:net";

export type ProbeResult =
  | { state: "ready"; pid: number | null }
  | { state: "loading" }
  | { state: "unreachable" };

/** One INFO server to host:port; "loading" while Redis is still replaying its AOF. */
export function probeRedis(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    let reply = "";
    let settled = false;
    const finish = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ state: "unreachable" }), timeoutMs);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write("INFO server\r\n"));
    socket.on("data", (chunk: string) => {
      reply += chunk;
      const headerEnd = reply.indexOf("\r\n");
      if (headerEnd < 0) return;
      if (reply.startsWith("-LOADING")) return finish({ state: "loading" });
      if (!reply.startsWith("$")) return finish({ state: "unreachable" });
      const length = Number(reply.slice(1, headerEnd));
      const body = reply.slice(headerEnd + 2);
      // INFO is ASCII, so characters equal bytes.
      if (body.length < length) return;
      const match = /process_id:(\d+)/.exec(body);
      finish({ state: "ready", pid: match ? Number(match[1]) : null });
    });
    socket.on("error", () => finish({ state: "unreachable" }));
    socket.on("close", () => finish({ state: "unreachable" }));
  });
}

export async function pingRedis(port: number, host = "127.0.0.1"): Promise<"pong" | "loading" | "unreachable"> {
  const result = await probeRedis(port, host);
  return result.state === "ready" ? "pong" : result.state;
}

/**
 * Polls until the server on `port` answers — and, given `pid`, until it is that
 * process answering — or the deadline passes, or `gaveUp()` names a reason to stop.
 */
export async function waitForPong(
  port: number,
  options: { pid?: number; timeoutMs?: number; intervalMs?: number; gaveUp?: () => string | null } = {},
): Promise<void> {
  const { timeoutMs = 15_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = options.gaveUp?.();
    if (reason) throw new Error(reason);
    const result = await probeRedis(port);
    if (result.state === "ready" && (options.pid === undefined || result.pid === options.pid)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not become ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
