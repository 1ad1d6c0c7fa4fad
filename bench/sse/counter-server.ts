// The node:http server the two store-backed baselines share, so that they differ only in
// the store: GET /events?key=K is an SSE stream of K's counter from one watch per
// connection, POST /click?key=K is one atomic +1. Prints the port once it listens.

import { createServer } from "node:http";
import { baselineFrame, LISTENING_PREFIX, SSE_HEAD } from "./baseline-frame";

export interface CounterStore<Snapshot> {
  /** One watch of the counter: its snapshot now, then after every change. */
  watch(key: string): ReadableStream<Snapshot>;
  countOf(snapshot: Snapshot): number;
  /** One atomic sum of 1. */
  click(key: string): Promise<unknown>;
}

export function serveCounter<Snapshot>(store: CounterStore<Snapshot>, frameBytes: number): void {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const key = url.searchParams.get("key") ?? "";
    if (req.method === "GET" && url.pathname === "/events") {
      res.writeHead(200, SSE_HEAD);
      res.write("retry: 2000\n");
      const reader = store.watch(key).getReader();
      res.on("close", () => void reader.cancel().catch(() => {}));
      void (async () => {
        let id = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done || res.destroyed) return;
          res.write(baselineFrame(++id, store.countOf(value), frameBytes));
        }
      })().catch(() => res.destroy());
      return;
    }
    if (req.method === "POST" && url.pathname === "/click") {
      store.click(key).then(
        () => res.writeHead(204).end(),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });

  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`${LISTENING_PREFIX}${typeof address === "object" && address ? address.port : 0}\n`);
  });
}
