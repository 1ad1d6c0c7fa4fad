// The machine's ceiling: a plain node:http SSE server with no Redis and no Next.js. A change
// (POST /publish?key=K) bumps an in-memory counter and writes one prebuilt frame to every
// open response on that key. Nothing real can fan out for less.

import { createServer, type ServerResponse } from "node:http";
import { baselineArgs, baselineFrame, LISTENING_PREFIX, SSE_HEAD } from "./baseline-frame";

const { frameBytes } = baselineArgs();
const listeners = new Map<string, Set<ServerResponse>>();
const counters = new Map<string, number>();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const key = url.searchParams.get("key") ?? "";
  if (req.method === "GET" && url.pathname === "/events") {
    res.writeHead(200, SSE_HEAD);
    const n = counters.get(key) ?? 0;
    res.write(`retry: 2000\n${baselineFrame(n, n, frameBytes)}`);
    let set = listeners.get(key);
    if (!set) listeners.set(key, (set = new Set()));
    set.add(res);
    res.on("close", () => set.delete(res));
    return;
  }
  if (req.method === "POST" && url.pathname === "/publish") {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const frame = baselineFrame(n, n, frameBytes);
    for (const listener of listeners.get(key) ?? []) listener.write(frame);
    res.writeHead(204).end();
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${LISTENING_PREFIX}${typeof address === "object" && address ? address.port : 0}\n`);
});
