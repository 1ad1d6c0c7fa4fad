// What the chat benchmark's processes tell each other: the client process's job, and the
// figures it reports back (one JSON line on stdout, after RESULT_PREFIX).

export const RESULT_PREFIX = "CHAT_BENCH_RESULT ";

export type ServerKind = "bare" | "livekv";

export interface ClientJob {
  /** http://127.0.0.1:port */
  base: string;
  kind: ServerKind;
  /** The room to listen to and post in (livekv); ignored by the bare server. */
  room: string;
  listeners: number;
  /** Latency phase: this many messages at `latencyRate` per second. */
  latencyMessages: number;
  latencyRate: number;
  /** Throughput phase: this many messages, `burstConcurrency` POSTs in flight at a time. */
  burstMessages: number;
  burstConcurrency: number;
  /** The LIVEKV_SECRET the livekv servers run with, so the sender can sign visitor cookies. */
  visitorSecret: string;
}

export interface PhaseResult {
  messages: number;
  /** Deliveries expected (messages × listeners) and seen. */
  expected: number;
  delivered: number;
  /** Deliveries that came twice or out of order, per listener. */
  anomalies: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** First send to last delivery to every listener. */
  durationMs: number;
  /** Messages per second delivered to all listeners (messages / durationMs). */
  messagesPerSecond: number;
  /** Messages per second the server accepted (messages / time until the last POST answered). */
  acceptedPerSecond: number;
}

export interface ClientResult {
  connectMs: number;
  /** Listener streams that ended and were reopened with Last-Event-ID (0 in a clean run). */
  reconnects: number;
  latency: PhaseResult;
  burst: PhaseResult;
  /** Peak RSS of the client process (MiB), to show it was not the bottleneck's hiding place. */
  clientRssMiB: number;
}
