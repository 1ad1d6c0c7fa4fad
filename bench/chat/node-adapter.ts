// Serves Next-style route handlers (Request in, Response out) from a plain node:http server,
// so the benchmark measures lib/chat, lib/sse and lib/kv without Next.js's own layers (the
// Next variant measures those too). Request bodies stream in; response bodies stream out
// chunk by chunk with backpressure, which is what an SSE body needs.

import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

export type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

function toRequest(incoming: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const url = `http://${incoming.headers.host ?? "127.0.0.1"}${incoming.url ?? "/"}`;
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(url, {
    method: incoming.method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function send(response: Response, out: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  out.writeHead(response.status, headers);
  if (!response.body) {
    out.end();
    return;
  }
  const reader = response.body.getReader();
  out.on("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!out.write(value)) await new Promise((resolve) => out.once("drain", resolve));
  }
  out.end();
}

export function routeRequests(routes: Route[]) {
  return (incoming: IncomingMessage, out: ServerResponse): void => {
    const path = (incoming.url ?? "/").split("?")[0];
    for (const route of routes) {
      const match = route.method === incoming.method ? route.pattern.exec(path) : null;
      if (!match) continue;
      const abort = new AbortController();
      out.on("close", () => abort.abort());
      const params = Promise.resolve({ ...(match.groups ?? {}) });
      Promise.resolve(route.handler(toRequest(incoming, abort.signal), { params }))
        .then((response) => send(response, out))
        .catch((error: unknown) => {
          console.error(error);
          if (!out.headersSent) out.writeHead(500);
          out.end();
        });
      return;
    }
    out.writeHead(incoming.url === "/ready" ? 200 : 404).end();
  };
}
