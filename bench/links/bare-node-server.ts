// The benchmark's floor: a plain node:http server that answers every request with the same
// 302 the app sends for a click (Location, Cache-Control: no-store), touching no Redis. Run
// as a child process (bench/links.ts), so its CPU is its own. Prints its port, then serves
// until killed.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const location = process.argv[2] ?? "https://example.com/";
const server = createServer((_req, res) => {
  res.writeHead(302, { Location: location, "Cache-Control": "no-store", "Content-Length": 0 }).end();
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
