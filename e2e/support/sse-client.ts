// A Server-Sent Events reader for tests that need many clients at once (a browser holds one
// connection per URL across its tabs): fetch with a streamed body, parsed into the app's
// JSON envelopes. It never reconnects on its own, so a test can tell "stayed connected"
// from "came back".

export interface ReceivedEvent {
  type: string;
  id: string | null;
  data: unknown;
  /** performance.now() when it arrived. */
  at: number;
}

export class SseClient {
  readonly events: ReceivedEvent[] = [];
  /** The stream's HTTP status, once answered. */
  status: number | null = null;
  /** True once the server ended the stream (or it failed); the raw text is kept in `text`. */
  ended = false;
  text = "";
  readonly opened: Promise<void>;
  readonly #abort = new AbortController();
  readonly #done: Promise<void>;

  constructor(
    readonly url: string,
    headers: Record<string, string> = {},
  ) {
    let markOpen: () => void = () => undefined;
    let markFailed: (error: unknown) => void = () => undefined;
    this.opened = new Promise((resolve, reject) => {
      markOpen = resolve;
      markFailed = reject;
    });
    this.#done = (async () => {
      const response = await fetch(url, { signal: this.#abort.signal, headers: { accept: "text/event-stream", ...headers } });
      this.status = response.status;
      if (!response.ok || !response.body) throw new Error(`GET ${url}: HTTP ${response.status}`);
      markOpen();
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body) {
        const text = decoder.decode(chunk, { stream: true });
        this.text += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          this.#parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    })()
      .catch((error: unknown) => {
        markFailed(error);
      })
      .finally(() => {
        this.ended = true;
      });
  }

  #parse(block: string): void {
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("id: ")) id = line.slice(4);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (data.length === 0) return;
    const envelope = JSON.parse(data.join("\n")) as { type: string; data: unknown };
    this.events.push({ type: envelope.type, id, data: envelope.data, at: performance.now() });
  }

  /** The latest event of `type`, or undefined. */
  latest(type: string): ReceivedEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i].type === type) return this.events[i];
    return undefined;
  }

  /** The first event after index `from` that satisfies `test`, or undefined. */
  find(test: (event: ReceivedEvent) => boolean, from = 0): ReceivedEvent | undefined {
    return this.events.slice(from).find(test);
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#done;
  }
}

/** Polls `check` every 20 ms until it is true; fails with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
