// `npm run bench:chat`: message fan-out in one chat room — one sender, 1,000 SSE listeners —
// for LiveKV's chat (the real route handlers, on node:http and, when a build exists, under
// the app's own server) beside a bare Node SSE broadcast server, in one run on one machine.
// Prints a table and writes bench/results/chat.md.
//
// Each server runs in its own process, the listeners and the sender share one client process
// (one clock for latencies), and a throwaway redis-server holds the chat's data.
// Sizes: CHAT_BENCH_LISTENERS (1000), CHAT_BENCH_BURST (2000); CHAT_BENCH_NEXT=0 skips Next.

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../scripts/redis/free-port";
import { startRedisServer } from "../scripts/redis/redis-server";
import { RESULT_PREFIX, type ClientJob, type ClientResult, type ServerKind } from "./chat/protocol";
import { ensureProductionBuild } from "../scripts/build-server";
import { serverArgs, serverEnv } from "../scripts/server-command";
import { runClient, startServer, type ServerProcess } from "./chat/processes";
import { describeMachine, machineLine } from "./machine";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const LISTENERS = Number(process.env.CHAT_BENCH_LISTENERS ?? 1000);
const BURST = Number(process.env.CHAT_BENCH_BURST ?? 2000);
const LATENCY_MESSAGES = 50;
// Below what every server here sustains for 1,000 listeners, so latency is measured, not queueing.
const LATENCY_RATE = 5;
const BURST_CONCURRENCY = 16;

interface Variant {
  label: string;
  kind: ServerKind;
  start: (redisUrl: string, port: number) => Promise<ServerProcess>;
}

// The servers sign visitor cookies with it, and the sender signs its visitors' cookies too.
const VISITOR_SECRET = randomBytes(32).toString("base64url");
// Every listener and the sender are 127.0.0.1: to the servers, one address with 1,000 new
// visitors, 1,000 streams and a burst of messages. Its address's budgets and stream cap are
// raised out of the way; each visitor's own limits are not (the sender stays within them).
const ONE_ADDRESS_ENV = { LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR: "1000000", LIVEKV_SSE_MAX_PER_ADDRESS: "1000000" };

const variants: Variant[] = [
  {
    label: "bare Node SSE broadcast (baseline)",
    kind: "bare",
    start: (_redis, port) => startServer(root, ["--import", "tsx", "bench/chat/bare-server.ts"], {}, port, "/ready"),
  },
  {
    label: "LiveKV chat, route handlers on node:http",
    kind: "livekv",
    start: (redisUrl, port) =>
      startServer(root, ["--import", "tsx", "bench/chat/app-server.ts"], { REDIS_URL: redisUrl, LIVEKV_SECRET: VISITOR_SECRET, ...ONE_ADDRESS_ENV }, port, "/ready"),
  },
];
if (process.env.CHAT_BENCH_NEXT !== "0" && existsSync(join(root, ".next", "BUILD_ID"))) {
  variants.push({
    label: "LiveKV chat, the app's server",
    kind: "livekv",
    start: async (redisUrl, port) => {
      await ensureProductionBuild();
      return startServer(
        root,
        serverArgs("start", port, "127.0.0.1"),
        { REDIS_URL: redisUrl, LIVEKV_SECRET: VISITOR_SECRET, ...ONE_ADDRESS_ENV, ...serverEnv("start") },
        port,
        "/api/health",
      );
    },
  });
}

async function createRoom(base: string, name: string): Promise<string> {
  const response = await fetch(`${base}/api/rooms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) throw new Error(`creating the room answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

const machine = describeMachine(root);
console.log(`Machine: ${machineLine(machine)}\n`);
const redis = await startRedisServer();
const rows: { label: string; result: ClientResult | null; serverRssMiB: number | null; error?: string }[] = [];
try {
  for (const [n, variant] of variants.entries()) {
    process.stderr.write(`running ${variant.label}…\n`);
    const server = await variant.start(redis.url, await findFreePort());
    try {
      const room = variant.kind === "bare" ? "" : await createRoom(server.base, `Bench room ${n} ${Date.now()}`);
      const job: ClientJob = {
        base: server.base,
        kind: variant.kind,
        room,
        listeners: LISTENERS,
        latencyMessages: LATENCY_MESSAGES,
        latencyRate: LATENCY_RATE,
        burstMessages: BURST,
        burstConcurrency: BURST_CONCURRENCY,
        visitorSecret: VISITOR_SECRET,
      };
      const result = await runClient<ClientResult>(root, join(root, "bench", "chat", "clients.ts"), job, RESULT_PREFIX);
      rows.push({ label: variant.label, result, serverRssMiB: server.peakRssMiB() });
    } catch (error) {
      rows.push({ label: variant.label, result: null, serverRssMiB: server.peakRssMiB(), error: error instanceof Error ? error.message : String(error) });
    } finally {
      await server.stop();
    }
  }
} finally {
  await redis.stop();
}

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? "—" : value < 10 ? value.toFixed(1) : value.toFixed(0));
const rate = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "—" : Math.round(value).toLocaleString("en-US"));
const header = [
  "server",
  "latency p50 ms",
  "latency p99 ms",
  "msgs/s to all",
  "deliveries/s",
  "under load p50 ms",
  "under load p99 ms",
  "accepted msgs/s",
  "delivered",
  "server peak RSS MiB",
];
const lines = [
  `| ${header.join(" | ")} |`,
  `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  ...rows.map(({ label, result, serverRssMiB, error }) => {
    if (!result) return `| ${label} | failed: ${error?.slice(0, 120)} |`;
    const { latency, burst } = result;
    const delivered = latency.delivered + burst.delivered === latency.expected + burst.expected && latency.anomalies + burst.anomalies === 0
      ? "all, once"
      : `${latency.delivered + burst.delivered}/${latency.expected + burst.expected}, ${latency.anomalies + burst.anomalies} dup`;
    return `| ${[
      label,
      ms(latency.p50Ms),
      ms(latency.p99Ms),
      rate(burst.messagesPerSecond),
      rate(burst.messagesPerSecond * LISTENERS),
      ms(burst.p50Ms),
      ms(burst.p99Ms),
      rate(burst.acceptedPerSecond),
      delivered,
      serverRssMiB ?? "—",
    ].join(" | ")} |`;
  }),
];
const table = lines.join("\n");
const notes = [
  `- One room, ${LISTENERS.toLocaleString("en-US")} SSE listeners and one sender in one client process (node:http; each listener its own socket), the server in another, redis-server in a third, all on this machine (${machine.cores} cores shared by all of them).`,
  `- latency: ${LATENCY_MESSAGES} messages at ${LATENCY_RATE}/s; from the start of the POST to the moment a listener's parser sees the message, one sample per listener per message; nearest-rank percentiles.`,
  `- msgs/s to all: ${BURST.toLocaleString("en-US")} messages sent as fast as the server takes them (${BURST_CONCURRENCY} POSTs in flight), divided by the time from the first POST to the last listener receiving the last message; deliveries/s = that × listeners. "under load" latencies are from this phase (they include queueing). accepted msgs/s: messages ÷ time until the last POST was answered.`,
  "- LiveKV's path per message: rate-limit check (2 KV ops; in the app's server, where the sender's address is known, 2 more for its address), one commit (message + room record + idempotency key), a keyspace notification, one read by the process's watch hub, then one SSE event per listener, in seq order, resumable. The bare server keeps nothing and writes one pre-encoded frame to every socket.",
  "- Listeners connect without a cookie, so each is a visitor present in the room (1,000 presence keys, refreshed every 10 s in batches); the sender speaks for a new visitor on every message, so the 10-per-10-s limit is paid for (2 KV ops) but never refuses. All of them are one address (127.0.0.1), whose budgets and stream cap are raised (LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR, LIVEKV_SSE_MAX_PER_ADDRESS).",
  "- App row: the app's server (server.ts, as `npm start` runs it) on the current build (run `npm run build` first; CHAT_BENCH_NEXT=0 skips it).",
];
const details = rows.flatMap(({ label, result }) =>
  result
    ? [
        `- ${label}: ${LISTENERS.toLocaleString("en-US")} listeners connected in ${ms(result.connectMs)} ms; ${result.reconnects} stream(s) ended and were resumed with Last-Event-ID; client peak RSS ${result.clientRssMiB} MiB.`,
      ]
    : [],
);
notes.push(...details);
console.log(table);
console.log(`\n${notes.join("\n")}`);

mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(
  join(root, "bench", "results", "chat.md"),
  [
    "# Chat fan-out: LiveKV vs a bare SSE broadcast",
    "",
    `Machine: ${machineLine(machine)}`,
    "",
    `Command: \`npm run bench:chat\` (${new Date().toISOString().slice(0, 10)})`,
    "",
    table,
    "",
    ...notes,
    "",
  ].join("\n"),
);
