// One SSE connection of the load client, on plain node:http: no EventSource, no parser
// library, so that 10,000 of them cost the client little and the server is what is measured.
// It reports the counter in each event's data and nothing else.

import { request, type ClientRequest, type IncomingMessage } from "node:http";

export interface Target {
  host: string;
  port: number;
}

export class SseConnection {
  readonly key: number;
  /** The counter in the last event received; -1 before the first. */
  value = -1;
  /** Bytes of the last event frame, to report what one change costs on the wire. */
  frameBytes = 0;
  #request: ClientRequest | undefined;
  #response: IncomingMessage | undefined;
  #buffer = "";
  #pattern: RegExp;

  constructor(key: number, pattern: RegExp) {
    this.key = key;
    this.#pattern = pattern;
  }

  /**
   * Connects; `onValue` runs for every event that carries a counter. Resolves with the first
   * one (the current state every stream sends first), rejects if the stream fails before it.
   */
  open(target: Target, path: string, onValue: (connection: SseConnection, value: number) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      let first = true;
      const req = request({
        host: target.host,
        port: target.port,
        path,
        method: "GET",
        // Its own socket, not a pooled one: every client is its own TCP connection, as browsers are.
        agent: false,
        headers: { accept: "text/event-stream" },
      });
      this.#request = req;
      req.on("error", (error) => {
        if (first) reject(error);
      });
      req.on("response", (response) => {
        this.#response = response;
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`GET ${path}: HTTP ${response.statusCode}`));
          return;
        }
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          this.#buffer += chunk;
          for (;;) {
            const end = this.#buffer.indexOf("\n\n");
            if (end < 0) break;
            const frame = this.#buffer.slice(0, end);
            this.#buffer = this.#buffer.slice(end + 2);
            const match = this.#pattern.exec(frame);
            if (!match) continue; // the retry hint, a comment, a heartbeat
            this.value = Number(match[1]);
            this.frameBytes = frame.length + 2;
            if (first) {
              first = false;
              resolve(this.value);
            }
            onValue(this, this.value);
          }
        });
        response.on("end", () => {
          if (first) reject(new Error(`GET ${path}: the stream ended before its first event`));
        });
      });
      req.end();
    });
  }

  close(): void {
    this.#response?.destroy();
    this.#request?.destroy();
  }
}
