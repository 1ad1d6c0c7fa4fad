// The baseline: the least a Node process can do to fan a message out over SSE. GET /events
// keeps each response in a Set; POST /send writes one pre-encoded frame to every one of them
// and answers 201. No storage, no ordering guarantees beyond one process's, no resume, no
// presence — the floor that LiveKV's chat is measured against. Same frame shape (id + JSON
// envelope) as lib/sse, so the clients parse the same bytes.

import { createServer, type ServerResponse } from "node:http";

const port = Number(process.env.PORT ?? 0);
const clients = new Set<ServerResponse>();
let seq = 0;

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url?.startsWith("/events")) {
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
    });
    response.write("retry: 2000\n: connected\n\n");
    clients.add(response);
    request.on("close", () => clients.delete(response));
    return;
  }
  if (request.method === "POST" && request.url === "/send") {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const { author, text } = JSON.parse(body) as { author: string; text: string };
      seq += 1;
      const message = { id: String(seq), seq, author, text, createdAt: Date.now(), memberId: "bare", clientId: null };
      const frame = `id: ${seq}\ndata: ${JSON.stringify({ type: "message", data: message })}\n\n`;
      for (const client of clients) client.write(frame);
      response.writeHead(201, { "Content-Type": "application/json" });
      response.end(JSON.stringify(message));
    });
    return;
  }
  if (request.url === "/ready") {
    response.end("ok");
    return;
  }
  response.writeHead(404).end();
});

server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : port}`);
});
process.on("SIGTERM", () => {
  for (const client of clients) client.destroy();
  server.close(() => process.exit(0));
});
