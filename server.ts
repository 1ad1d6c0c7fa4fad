// The app's HTTP server: Next.js, with the short-link redirects (/s/{code}) and the live
// streams (/api/**/events) served in front of it on plain node:http. Started by `npm run dev` /
// `npm start` (scripts/run.ts), from the project's root: in development from source (tsx
// server.ts dev), in production compiled (node .next/livekv/server.mjs start;
// scripts/build-server.ts). Options: --port N --hostname H. Both ways, redirects and streams
// take the same path.
//
// Why not `next start`: a route handler's stream passes through Next's request pipeline and
// several web-stream layers, which cost ~70 KB per open connection and 3–5× the CPU per
// change of a bare Node server; the front serves the same endpoints (lib/streams) at a few
// KB and close to bare speed (BENCHMARKS.md). Likewise a click: Next's pipeline costs several
// times the click itself, so the redirect is answered here too (lib/links/redirect-front.ts).
// Every other request — pages, the JSON API — goes to Next untouched, and the route handlers
// still serve the streams and redirects wherever the app runs without this server.
//
// Before Next, too: a request Node's parser refuses (headers over 16 KiB, not HTTP) gets a JSON
// error and a lingering close (lib/server/client-errors.ts), and a body over the API's 16 KiB
// a 413 before Next would read it into memory (lib/server/body-cap.ts); no request behind such
// an answer on its connection is acted on (lib/server/closing-sockets.ts). Before any request,
// connections are capped per client address and per process (lib/server/connection-cap.ts).
//
// On several cores: with WEB_CONCURRENCY=N (N > 1; `npm start` sets it to the core count) this
// process becomes the primary of N copies of itself on one port (lib/server/cluster-primary.ts)
// and serves nothing itself; each copy is the server described above, with its own Kv, watch
// hub, caps and counts. Development is always one process (Next's dev compiler and hot reload).
//
// lib/'s server side comes from the package @livekv/server (scripts/build-lib.ts), which Next
// keeps external (next.config.ts): this file and Next's route handlers, pages and
// instrumentation load the same modules, so the process has one Kv, one set of counts.

import cluster from "node:cluster";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import next from "next";
import { stampPeerAddress, trustedProxyHops } from "@livekv/server/http";
import { serveRedirect } from "@livekv/server/links";
import { logError } from "@livekv/server/log";
import {
  answerClientErrors,
  capConnections,
  connectionLimits,
  declaresOversizedBody,
  getKv,
  isClosing,
  openFileLimit,
  refuseOversizedBody,
  redisTargetFromEnv,
  runPrimary,
  serverProcessCount,
  shutdownServer,
} from "@livekv/server/server";
import { sseLimits } from "@livekv/server/sse";
import { serveLiveStream } from "@livekv/server/streams";
import { configuredSecret } from "@livekv/server/visitor";

/** How long a stop waits for requests in flight (streams end at once) before dropping them. */
const DRAIN_MS = 10_000;

// A client has this long to send its request line and headers (Node's default: 60 s), and its
// whole request with the body (300 s): a connection still sending holds a file, and the API's
// bodies are 16 KiB at most. Counted until the request has arrived, so a live stream, whose
// request is a bare GET, is not cut short. Node checks every CHECK_MS, so a slow client is cut
// off between HEADERS_TIMEOUT_MS and HEADERS_TIMEOUT_MS + CHECK_MS (408, lib/server/client-errors.ts).
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const CHECK_MS = 2_000;

interface Options {
  dev: boolean;
  port: number;
  hostname: string | undefined;
}

function parseArgs(args: readonly string[]): Options {
  const [mode, ...rest] = args;
  if (mode !== "dev" && mode !== "start") throw new Error("usage: server dev|start [--port N] [--hostname H]");
  const options: Options = { dev: mode === "dev", port: Number(process.env.PORT || 3000), hostname: undefined };
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split("=", 2);
    const value = inline ?? rest[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--port" || flag === "-p") options.port = Number(value);
    else if (flag === "--hostname" || flag === "-H") options.hostname = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new Error(`not a port: ${options.port}`);
  }
  return options;
}

function listen(server: Server, options: Options): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Stops taking connections, ends every stream with a retry hint and closes Redis, lets the
 * requests in flight finish (up to DRAIN_MS), then exits. Clients reconnect by themselves
 * and resume from their last event id, here once it is back or on another instance.
 */
function stopOn(server: Server, app: ReturnType<typeof next>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Counted from the signal, not from Redis's goodbye: a Redis that never answers QUIT
    // must not hold the drain (and the exit) up.
    const late = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    setTimeout(() => process.exit(0), DRAIN_MS + 5_000).unref();
    void (async () => {
      await shutdownServer();
      await closed;
      clearTimeout(late);
      await app.close();
      process.exit(0);
    })();
  };
  // on, not once: a stop often comes as two signals (Ctrl-C reaches this process and
  // scripts/run.ts, which forwards it; systemd signals the whole group), and with no
  // listener left the second would kill the process in the middle of its drain.
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** What the open-file limit leaves for connections and live streams (lib/server/file-limit.ts), for the operator. */
function logConnectionCaps(processes: number): void {
  const shown = (n: number): string => (Number.isFinite(n) ? String(n) : "unlimited");
  const connections = connectionLimits();
  const each = processes > 1 ? ` (each of ${processes} server processes)` : "";
  console.log(
    `[livekv] open-file limit ${shown(openFileLimit())}${each}: at most ${sseLimits().perProcess} live streams (the rest kept for Redis, files, pages and health checks), ` +
      `${shown(connections.perProcess)} connections, ${shown(connections.perAddress)} per client address`,
  );
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // A LIVEKV_SECRET too short to sign with stops the start, rather than failing every visitor later.
  configuredSecret();
  // So does a TRUST_PROXY that is not a count of proxies, rather than every request failing.
  trustedProxyHops();
  // And both REDIS_URL and REDIS_CLUSTER_NODES set, rather than guessing which one was meant.
  redisTargetFromEnv();
  const processes = options.dev ? 1 : serverProcessCount(process.env.WEB_CONCURRENCY);
  if (processes > 1 && cluster.isPrimary) {
    const code = await runPrimary({ count: processes, drainMs: DRAIN_MS, log: (message) => console.log(`[livekv] ${message}`) });
    process.exit(code);
  }
  const server = createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: CHECK_MS,
  });
  capConnections(server);
  // The project's root, as for `next start`: compiled, this file no longer sits in it. Given
  // the server, Next serves its development websocket (hot reload) from the first upgrade.
  const app = next({ dev: options.dev, dir: process.cwd(), port: options.port, hostname: options.hostname, httpServer: server });
  const handle = app.getRequestHandler();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // A request behind an answer that closed the connection (lib/server/closing-sockets.ts):
    // not acted on, nor answered; its body, if any, is discarded.
    if (isClosing(req.socket)) {
      req.resume();
      return;
    }
    if (refuseOversizedBody(req, res)) return;
    // Only the socket knows who sent a request (rate limits, stream caps, /api/metrics' local check).
    stampPeerAddress(req);
    // In development too: an edit to lib/ rebuilds @livekv/server and restarts this process
    // (scripts/run.ts); an edit to app/ hot-reloads.
    if (serveRedirect(req, res, getKv)) return;
    if (serveLiveStream(req, res)) return;
    handle(req, res).catch((error: unknown) => {
      // Next answers its own errors; one that escapes it must cost this request, not the process.
      logError("request failed", error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("Internal error");
      else res.destroy();
    });
  };
  server.on("request", onRequest);
  // Expect: 100-continue: a body over the cap is refused before the client sends it.
  server.on("checkContinue", (req, res) => {
    if (!declaresOversizedBody(req) && !isClosing(req.socket)) res.writeContinue();
    onRequest(req, res);
  });
  answerClientErrors(server);
  stopOn(server, app);
  await app.prepare();
  await listen(server, options);
  // The processes of a cluster all say the same: the first says it for them.
  const index = process.env.LIVEKV_SERVER_PROCESS;
  if (index !== undefined && index !== "1") return;
  logConnectionCaps(processes);
  const shown = options.hostname ?? "localhost";
  console.log(`[livekv] ${options.dev ? "development" : "production"} server on http://${shown}:${options.port}`);
}

main().catch((error: unknown) => {
  console.error(`[livekv] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
