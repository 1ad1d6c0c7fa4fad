// One SSE connection as a benchmark listener: a node:http GET whose body is scanned for the
// benchmark's messages. Scanning for the text marker instead of JSON.parse-ing every event
// keeps the client process's CPU out of the figures as far as possible; both servers send
// the same frames, so both are read the same way.
//
// Like a browser's EventSource, it reconnects when the stream ends, sending the last event
// id it saw as Last-Event-ID, and counts how often it had to.

import { request, type Agent } from "node:http";

const MARKER = '"text":"bench ';
const ID_FIELD = "id: ";
const RECONNECT_MS = 100;

export type OnMessage = (phase: string, index: number) => void;

export interface Listener {
  /** Resolves when the first bytes of the stream arrive. */
  ready: Promise<void>;
  /** Streams that ended (or failed) and were opened again. */
  readonly reconnects: number;
  close(): void;
}

/** The value of the last `id:` field in a run of complete events, or null. */
function lastIdIn(text: string): string | null {
  const at = text.lastIndexOf(`\n${ID_FIELD}`);
  const start = at === -1 ? (text.startsWith(ID_FIELD) ? ID_FIELD.length : -1) : at + 1 + ID_FIELD.length;
  if (start === -1) return null;
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? undefined : end);
}

export function listen(url: string, agent: Agent, onMessage: OnMessage): Listener {
  let resolveReady: () => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let lastId: string | null = null;
  let closed = false;
  let reconnects = 0;
  let started = false;
  let current: ReturnType<typeof request> | undefined;

  const scan = (complete: string): void => {
    const id = lastIdIn(complete);
    if (id !== null) lastId = id;
    let at = complete.indexOf(MARKER);
    while (at !== -1) {
      const start = at + MARKER.length;
      const phase = complete[start];
      let index = 0;
      let i = start + 2;
      for (; i < complete.length; i++) {
        const digit = complete.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) break;
        index = index * 10 + digit;
      }
      onMessage(phase, index);
      at = complete.indexOf(MARKER, i);
    }
  };

  const again = (): void => {
    if (closed) return;
    reconnects++;
    setTimeout(open, RECONNECT_MS);
  };

  function open(): void {
    if (closed) return;
    let buffer = "";
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (lastId !== null) headers["last-event-id"] = lastId;
    current = request(url, { agent, headers }, (response) => {
      if (response.statusCode !== 200) {
        rejectReady(new Error(`listener: ${url} answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        started = true;
        resolveReady();
        buffer += chunk;
        const end = buffer.lastIndexOf("\n\n");
        if (end === -1) return;
        const complete = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        scan(complete);
      });
      response.on("end", again);
      response.on("error", () => {}); // followed by the request's error or end: handled there
    });
    current.on("error", (error) => {
      if (closed) return;
      if (!started) rejectReady(error);
      else again(); // a dropped connection, as a browser would see it: reconnect and resume
    });
    current.end();
  }

  open();
  return {
    ready,
    get reconnects() {
      return reconnects;
    },
    close: () => {
      closed = true;
      current?.destroy();
    },
  };
}
