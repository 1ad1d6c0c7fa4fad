// writeSse over a real node:http server and socket: the push path's delivery, backpressure
// (a slow reader skips to the newest event), heartbeats, endings and clean-up.
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { PushListener, PushSource } from "@/lib/feeds";
import { waitFor } from "@/lib/kv/test-support";
import { sseConnectionCounts } from "./connections";
import { writeSse } from "./node";
import type { SseEvent } from "./protocol";

/** A push source fed by hand, which knows who is listening. */
class ManualPush implements PushSource<SseEvent> {
  readonly listeners = new Set<PushListener<SseEvent>>();
  listen(listener: PushListener<SseEvent>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  push(event: SseEvent): void {
    for (const listener of this.listeners) listener.next(event);
  }
  end(error?: unknown): void {
    for (const listener of [...this.listeners]) listener.end(error);
  }
}

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(source: PushSource<SseEvent>, heartbeatMs?: number): Promise<number> {
  server = createServer((req, res) => writeSse(req, res, source, { heartbeatMs }));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A raw client: what arrived so far, and the socket to pause, resume or close. */
function open(port: number): { socket: Socket; text: () => string } {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (received += chunk));
  socket.write("GET /events HTTP/1.1\r\nHost: test\r\n\r\n");
  return { socket, text: () => received };
}

const ids = (text: string): number[] => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

describe("writeSse with a push source", () => {
  it("writes each event as it is pushed, and ends the response when the source ends", async () => {
    const source = new ManualPush();
    const client = open(await serve(source));
    await waitFor(() => source.listeners.size === 1, "the stream to listen");
    expect(sseConnectionCounts().open).toBe(1);
    source.push({ id: "1", event: "stats", data: { n: 1 } });
    source.push({ id: "2", event: "stats", data: { n: 2 } });
    await waitFor(() => ids(client.text()).length === 2, "both events");
    expect(client.text()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*content-type: text\/event-stream/i);
    expect(client.text()).toContain('data: {"type":"stats","data":{"n":2}}');

    source.end();
    await waitFor(() => client.text().endsWith("0\r\n\r\n"), "the chunked body to end");
    expect(source.listeners.size).toBe(0);
    expect(sseConnectionCounts().open).toBe(0);
  });

  it("keeps only the newest event for a reader whose socket is full, and sends it once it drains", async () => {
    const source = new ManualPush();
    const client = open(await serve(source));
    await waitFor(() => source.listeners.size === 1, "the stream to listen");
    client.socket.pause();
    const pad = "x".repeat(64 * 1024);
    // Far more than the socket buffers hold: the server must stop writing, not queue them all.
    for (let n = 1; n <= 300; n++) source.push({ id: String(n), data: { pad: pad + n } });
    client.socket.resume();
    await waitFor(() => ids(client.text()).includes(300), "the newest event", { timeoutMs: 10_000 });
    const got = ids(client.text());
    expect(got[got.length - 1]).toBe(300);
    expect(got.length).toBeLessThan(300);
    // In order, none twice.
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    expect(new Set(got).size).toBe(got.length);
  });

  it("sends heartbeat comments while no event comes", async () => {
    const source = new ManualPush();
    const client = open(await serve(source, 40));
    await waitFor(() => client.text().includes(": heartbeat"), "a heartbeat");
  });

  it("ends with an error event when the source fails", async () => {
    const source = new ManualPush();
    const client = open(await serve(source));
    await waitFor(() => source.listeners.size === 1, "the stream to listen");
    source.end(new Error("watch lost"));
    await waitFor(() => client.text().endsWith("0\r\n\r\n"), "the body to end");
    expect(client.text()).toContain('"type":"error"');
  });

  it("stops listening and counts the connection closed when the client goes", async () => {
    const source = new ManualPush();
    const client = open(await serve(source));
    await waitFor(() => source.listeners.size === 1, "the stream to listen");
    client.socket.destroy();
    await waitFor(() => source.listeners.size === 0, "the listener to be removed");
    await waitFor(() => sseConnectionCounts().open === 0, "the connection to be counted closed");
  });
});
