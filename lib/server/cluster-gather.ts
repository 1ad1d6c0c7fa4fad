// Figures that cover every server process of the port, not just the one a request reached:
// with several processes (WEB_CONCURRENCY, lib/server/cluster-primary.ts) each has its own
// streams, watch hub and counts, and a scrape of /api/metrics or a look at /api/health lands
// on one of them at random. gatherFromAll(topic) asks every process — through the primary,
// the one process that knows them all — for its answer and returns them all; in a single
// process it returns that process's own. Each process answers with what it registered with
// answerGather() (at start: instrumentation.ts).

import cluster, { type Worker } from "node:cluster";

/** The primary's wait for every process's answer; a process that misses it is left out. */
export const GATHER_TIMEOUT_MS = 2_000;
/** A process's wait for the primary, past which it answers with its own figures alone. */
const REPLY_TIMEOUT_MS = GATHER_TIMEOUT_MS + 1_000;

type Message =
  | { livekv: "gather"; id: number; topic: string }
  | { livekv: "gathered"; id: number; answers: unknown[] }
  | { livekv: "ask"; id: number; topic: string }
  | { livekv: "answer"; id: number; answer: unknown; answered: boolean };

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as { livekv?: unknown }).livekv === "string";
}

const answerers = new Map<string, () => Promise<unknown>>();
const waiting = new Map<number, (answers: unknown[]) => void>();
let nextId = 1;
let listening = false;

/** Whether this process is one of several serving the port. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

function listenAsWorker(): void {
  if (listening || !cluster.isWorker) return;
  listening = true;
  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.livekv === "gathered") {
      waiting.get(message.id)?.(message.answers);
    } else if (message.livekv === "ask") {
      const answerer = answerers.get(message.topic);
      const reply = (answer: unknown, answered: boolean): void => {
        process.send?.({ livekv: "answer", id: message.id, answer, answered } satisfies Message);
      };
      if (!answerer) reply(null, false);
      else answerer().then((answer) => reply(answer, true), () => reply(null, false));
    }
  });
}

/** What this process answers when `topic` is gathered. */
export function answerGather(topic: string, answer: () => Promise<unknown>): void {
  answerers.set(topic, answer);
  listenAsWorker();
}

/** Every serving process's answer to `topic` (this process's alone when it is the only one). */
export async function gatherFromAll<T>(topic: string): Promise<T[]> {
  const own = answerers.get(topic);
  if (!own) throw new Error(`nothing answers ${topic}`);
  if (!cluster.isWorker || !process.send) return [(await own()) as T];
  listenAsWorker();
  const id = nextId++;
  const answers = await new Promise<unknown[] | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), REPLY_TIMEOUT_MS);
    waiting.set(id, (answers) => {
      clearTimeout(timer);
      resolve(answers);
    });
    process.send?.({ livekv: "gather", id, topic } satisfies Message);
  }).finally(() => waiting.delete(id));
  // A primary that does not answer (it is stopping, or stuck): this process's figures are
  // still true for it.
  return (answers ?? [await own()]) as T[];
}

/**
 * In the primary: relays each process's gather to every live process and sends back the
 * answers that came within GATHER_TIMEOUT_MS.
 */
export function relayGathers(): void {
  let nextAsk = 1;
  const asks = new Map<number, { expected: Set<number>; answers: unknown[]; finish: () => void }>();
  cluster.on("message", (from: Worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.livekv === "answer") {
      const ask = asks.get(message.id);
      if (!ask || !ask.expected.delete(from.id)) return;
      if (message.answered) ask.answers.push(message.answer);
      if (ask.expected.size === 0) ask.finish();
      return;
    }
    if (message.livekv !== "gather") return;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
    const id = nextAsk++;
    const ask = {
      expected: new Set(workers.map((w) => w.id)),
      answers: [] as unknown[],
      finish: () => {
        clearTimeout(timer);
        asks.delete(id);
        if (from.isConnected()) from.send({ livekv: "gathered", id: message.id, answers: ask.answers } satisfies Message);
      },
    };
    const timer = setTimeout(() => ask.finish(), GATHER_TIMEOUT_MS);
    asks.set(id, ask);
    for (const worker of workers) worker.send({ livekv: "ask", id, topic: message.topic } satisfies Message);
    if (workers.length === 0) ask.finish();
  });
}
