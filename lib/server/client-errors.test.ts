// A request Node's parser refuses, on a real node:http server: answered with a JSON error
// when nothing else is being sent on its connection, but never written into the middle of a
// response still under way there (a live stream): that connection is closed instead.
import { createServer, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { answerClientErrors } from "./client-errors";

const GET = "GET /stream HTTP/1.1\r\nHost: test.local\r\n\r\n";
const NOT_HTTP = "NOT HTTP AT ALL\r\n\r\n";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server whose /stream response stays open (written to, never ended) and /done is a complete answer. */
async function startServer(): Promise<{ port: number; streams: ServerResponse[] }> {
  const streams: ServerResponse[] = [];
  server = createServer((req, res) => {
    if (req.url === "/stream") {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(": connected\n\n");
      streams.push(res);
    } else {
      res.end("done");
    }
  });
  answerClientErrors(server);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, streams };
}

/** Sends `first`, waits until `ready` is in what came back, sends `then`; resolves with all the connection got once it closed. */
function converse(port: number, first: string, ready: string, then: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let received = "";
    let sent = false;
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      if (!sent && received.includes(ready)) {
        sent = true;
        socket.write(then);
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(received));
    socket.once("connect", () => socket.write(first));
    socket.setTimeout(5_000, () => reject(new Error(`no close; got ${JSON.stringify(received)}`)));
  });
}

describe("requests the parser refuses", () => {
  it("behind a response still under way: the connection is closed, and nothing is written into that response", async () => {
    const { port, streams } = await startServer();
    const received = await converse(port, GET, ": connected\n\n", NOT_HTTP);
    expect(received.startsWith("HTTP/1.1 200 OK")).toBe(true);
    expect(received).toContain(": connected\n\n");
    expect(received).not.toContain("HTTP/1.1 400");
    expect(streams).toHaveLength(1);
  });

  it("behind a finished response queued after one still under way (pipelined): the connection is closed", async () => {
    const { port } = await startServer();
    const received = await converse(port, GET + "GET /done HTTP/1.1\r\nHost: test.local\r\n\r\n", ": connected\n\n", NOT_HTTP);
    expect(received).toContain(": connected\n\n");
    expect(received).not.toContain("HTTP/1.1 400");
  });

  it("behind a finished response: a complete 400 JSON answer", async () => {
    const { port } = await startServer();
    const received = await converse(port, "GET /done HTTP/1.1\r\nHost: test.local\r\n\r\n", "done", NOT_HTTP);
    const second = received.slice(received.indexOf("done") + "done".length);
    expect(second.startsWith("HTTP/1.1 400 Bad Request")).toBe(true);
    expect(JSON.parse(second.slice(second.indexOf("\r\n\r\n") + 4))).toEqual({
      error: { code: "bad_request", message: "The request is not valid HTTP." },
    });
  });
});
