// Helpers for the lib/sse tests: a controllable source and an SSE body reader.

import type { SseEvent } from "./protocol";

/** An async iterator the test feeds by hand; it records next() and return() calls. */
export class ManualSource<T = SseEvent> implements AsyncIterableIterator<T> {
  nextCalls = 0;
  returnCalls = 0;
  private values: T[] = [];
  private waiting: ((result: IteratorResult<T, undefined>) => void) | undefined;
  private failWith: ((error: unknown) => void) | undefined;
  private ended = false;

  push(value: T): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      this.failWith = undefined;
      waiting({ done: false, value });
    } else this.values.push(value);
  }

  fail(error: unknown): void {
    const failWith = this.failWith;
    this.waiting = undefined;
    this.failWith = undefined;
    failWith?.(error);
  }

  end(): void {
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ done: true, value: undefined });
  }

  next(): Promise<IteratorResult<T, undefined>> {
    this.nextCalls += 1;
    const value = this.values.shift();
    if (value !== undefined) return Promise.resolve({ done: false, value });
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWith = reject;
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.returnCalls += 1;
    this.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Reads an SSE body chunk by chunk as text. */
export class BodyReader {
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private decoder = new TextDecoder();
  text = "";

  constructor(response: Response) {
    if (!response.body) throw new Error("response has no body");
    this.reader = response.body.getReader();
  }

  /** The next chunk, or null at the end of the stream. */
  async chunk(): Promise<string | null> {
    const { done, value } = await this.reader.read();
    if (done) return null;
    const text = this.decoder.decode(value, { stream: true });
    this.text += text;
    return text;
  }

  /** Reads until the accumulated text matches, or the stream ends. */
  async until(pattern: RegExp): Promise<string> {
    while (!pattern.test(this.text)) {
      if ((await this.chunk()) === null) break;
    }
    return this.text;
  }

  async rest(): Promise<string> {
    while ((await this.chunk()) !== null);
    return this.text;
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

/** The envelopes of every complete event in an SSE text, with their ids. */
export function parseEvents(text: string): { id?: string; type: string; data: unknown }[] {
  const events: { id?: string; type: string; data: unknown }[] = [];
  for (const block of text.split("\n\n")) {
    const lines = block.split("\n");
    const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6));
    if (data.length === 0) continue;
    const idLine = lines.find((line) => line.startsWith("id: "));
    const envelope = JSON.parse(data.join("\n")) as { type: string; data: unknown };
    events.push({ ...(idLine ? { id: idLine.slice(4) } : {}), type: envelope.type, data: envelope.data });
  }
  return events;
}

export const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
