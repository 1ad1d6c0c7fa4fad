// HTTP/1.1 by hand over a TCP socket, for what fetch cannot send or see: a request line or
// headers over the server's limit, a body that stops half-way, an Expect: 100-continue, and
// whether the answer arrived before the connection was reset.

import { connect, type Socket } from "node:net";

export interface RawAnswer {
  /** The status of the first response, or null when none arrived. */
  status: number | null;
  headers: Record<string, string>;
  /** The first response's body as text ("" when none). */
  body: string;
  /** The connection was reset (ECONNRESET/EPIPE) before a complete response had been read. */
  reset: boolean;
}

function parse(text: string): { status: number; headers: Record<string, string>; body: string; complete: boolean } | null {
  const end = text.indexOf("\r\n\r\n");
  if (end === -1) return null;
  const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = text.slice(end + 4);
  const length = Number(headers["content-length"] ?? NaN);
  return { status, headers, body: body.slice(0, length), complete: Number.isFinite(length) && Buffer.byteLength(body) >= length };
}

/**
 * Connects to `origin`, lets `send` write (synchronously, before anything is read), then waits
 * for one complete response (it must say its Content-Length) or the end of the connection,
 * `timeoutMs` at most.
 */
export function rawExchange(origin: string, send: (socket: Socket) => void, timeoutMs = 10_000): Promise<RawAnswer> {
  const { port, hostname } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = "";
    let reset = false;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const parsed = parse(text);
      const complete = parsed?.complete ?? false;
      resolve({
        status: parsed?.status ?? null,
        headers: parsed?.headers ?? {},
        body: parsed?.body ?? "",
        reset: reset && !complete,
      });
      socket.destroy();
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
      // An interim 100 Continue is a response of its own: the final one follows.
      if (text.startsWith("HTTP/1.1 100")) return void finish();
      if (parse(text)?.complete) finish();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") reset = true;
      finish();
    });
    socket.on("close", finish);
    socket.once("connect", () => send(socket));
  });
}

/** Blocks this process for `ms`: a client busy sending, which reads its answer only afterwards. */
export function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Nothing: the point is not to read.
  }
}

/**
 * Connects to `origin`, writes `data` at once, and returns every status line the server sent
 * before it closed the connection (`timeoutMs` at most): what a client pipelining requests sees.
 */
export function rawStatusesUntilClose(origin: string, data: string, timeoutMs = 10_000): Promise<{ statuses: number[]; closed: boolean }> {
  const { port, hostname } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = "";
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      const statuses = [...text.matchAll(/^HTTP\/1\.1 (\d{3}) /gm)].map((match) => Number(match[1]));
      resolve({ statuses, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => finish(true));
    socket.once("connect", () => socket.write(data));
  });
}
