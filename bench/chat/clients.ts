// The benchmark's client process: N SSE listeners in one room and one sender, all on one
// clock, so a latency is simply "seen by this listener" minus "POST started". Prints one
// RESULT line (see protocol.ts).
//
// Latency phase: messages at a steady, moderate rate, so each is measured on its own and not
// behind a queue. Throughput phase: messages as fast as the server accepts them with a few
// POSTs in flight; it ends when every listener has every message.

import { Agent, request } from "node:http";
import { signVisitorId } from "../../lib/visitor/signature";
import { percentile } from "../stats";
import { RESULT_PREFIX, type ClientJob, type ClientResult, type PhaseResult } from "./protocol";
import { listen, type Listener } from "./sse-listener";

const job = JSON.parse(process.env.CHAT_BENCH_JOB ?? "{}") as ClientJob;
const CONNECT_BATCH = 50;
const PHASE_TIMEOUT_MS = 120_000;

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);

interface Phase {
  sentAt: Float64Array;
  delivered: Int32Array;
  seen: Uint8Array[];
  latencies: Float64Array;
  count: number;
  anomalies: number;
  complete: number;
  lastDelivery: number;
  onComplete?: () => void;
}

function newPhase(messages: number): Phase {
  return {
    sentAt: new Float64Array(messages).fill(Number.NaN),
    delivered: new Int32Array(messages),
    seen: Array.from({ length: job.listeners }, () => new Uint8Array(messages)),
    latencies: new Float64Array(messages * job.listeners),
    count: 0,
    anomalies: 0,
    complete: 0,
    lastDelivery: 0,
  };
}

const phases: Record<string, Phase> = {
  L: newPhase(job.latencyMessages),
  B: newPhase(job.burstMessages),
};

function deliver(listener: number, phaseName: string, index: number): void {
  const phase = phases[phaseName];
  if (!phase || index >= phase.delivered.length) return;
  const now = performance.now();
  if (phase.seen[listener][index] === 1) {
    phase.anomalies++;
    return;
  }
  phase.seen[listener][index] = 1;
  phase.latencies[phase.count++] = now - phase.sentAt[index];
  phase.lastDelivery = now;
  if (++phase.delivered[index] === job.listeners && ++phase.complete === phase.delivered.length) phase.onComplete?.();
}

// One socket per listener (no pooling), and a keep-alive pool for the sender.
const listenerAgent = new Agent({ keepAlive: false, maxSockets: Infinity });
const senderAgent = new Agent({ keepAlive: true, maxSockets: Math.max(1, job.burstConcurrency) });

const eventsUrl = job.kind === "bare" ? `${job.base}/events` : `${job.base}/api/rooms/${job.room}/events`;
const sendPath = job.kind === "bare" ? "/send" : `/api/rooms/${job.room}/messages`;

// The app limits each visitor to 10 messages per 10 s, with a read-then-commit per visitor
// that contends with itself when one visitor has several sends in flight. The sender speaks
// for a new visitor on every message: the limit is paid for (two KV operations per message)
// but never refuses one, whatever the concurrency.
const visitorKey = new TextEncoder().encode(job.visitorSecret);
const newVisitor = () => signVisitorId(Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url"), visitorKey);

function post(text: string): Promise<void> {
  const visitor = newVisitor();
  const body = JSON.stringify({ author: "bench", text });
  return new Promise((resolve, reject) => {
    const req = request(
      `${job.base}${sendPath}`,
      {
        method: "POST",
        agent: senderAgent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie: `lkv_vid=${visitor}` },
      },
      (response) => {
        response.resume();
        response.on("end", () => (response.statusCode === 201 ? resolve() : reject(new Error(`send answered ${response.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function waitComplete(phase: Phase, what: string): Promise<void> {
  if (phase.complete === phase.delivered.length) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: ${phase.count} of ${phase.latencies.length} deliveries after ${PHASE_TIMEOUT_MS / 1000} s`)), PHASE_TIMEOUT_MS);
    phase.onComplete = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

function summarize(phase: Phase, started: number, lastAnswer: number): PhaseResult {
  const latencies = phase.latencies.slice(0, phase.count).sort();
  const durationMs = phase.lastDelivery - started;
  const messages = phase.delivered.length;
  return {
    messages,
    expected: phase.latencies.length,
    delivered: phase.count,
    anomalies: phase.anomalies,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    durationMs,
    messagesPerSecond: messages / (durationMs / 1000),
    acceptedPerSecond: messages / ((lastAnswer - started) / 1000),
  };
}

async function latencyPhase(): Promise<PhaseResult> {
  const phase = phases.L;
  const interval = 1000 / job.latencyRate;
  const started = performance.now();
  let lastAnswer = started;
  const sends: Promise<void>[] = [];
  for (let i = 0; i < job.latencyMessages; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    phase.sentAt[i] = performance.now();
    sends.push(post(`bench L ${i}`).then(() => void (lastAnswer = performance.now())));
  }
  await Promise.all(sends);
  await waitComplete(phase, "latency phase");
  return summarize(phase, started, lastAnswer);
}

async function burstPhase(): Promise<PhaseResult> {
  const phase = phases.B;
  let next = 0;
  const started = performance.now();
  let lastAnswer = started;
  await Promise.all(
    Array.from({ length: job.burstConcurrency }, async () => {
      while (next < job.burstMessages) {
        const i = next++;
        phase.sentAt[i] = performance.now();
        await post(`bench B ${i}`);
        lastAnswer = performance.now();
      }
    }),
  );
  await waitComplete(phase, "throughput phase");
  return summarize(phase, started, lastAnswer);
}

const connectStarted = performance.now();
const listeners: Listener[] = [];
for (let i = 0; i < job.listeners; i += CONNECT_BATCH) {
  const batch: Listener[] = [];
  for (let j = i; j < Math.min(job.listeners, i + CONNECT_BATCH); j++) {
    const index = j;
    batch.push(listen(eventsUrl, listenerAgent, (phase, message) => deliver(index, phase, message)));
  }
  await Promise.all(batch.map((listener) => listener.ready));
  listeners.push(...batch);
}
const connectMs = performance.now() - connectStarted;
// Let the joins settle (a thousand presence arrivals, sent to a big room every few seconds at
// most) before measuring messages.
await new Promise((resolve) => setTimeout(resolve, 5_000));

const latency = await latencyPhase();
const burst = await burstPhase();
const reconnects = listeners.reduce((sum, listener) => sum + listener.reconnects, 0);
listeners.forEach((listener) => listener.close());
clearInterval(rssTimer);
const result: ClientResult = { connectMs, reconnects, latency, burst, clientRssMiB: Math.round(peakRss / 2 ** 20) };
console.log(RESULT_PREFIX + JSON.stringify(result));
process.exit(0);
