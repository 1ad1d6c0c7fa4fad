// LiveKV's chat as the app serves it — the real route handlers from app/api/rooms — on a
// plain node:http server (node-adapter.ts). REDIS_URL comes from the orchestrator.

import { createServer } from "node:http";
import { POST as createRoom } from "../../app/api/rooms/route";
import { GET as roomEvents } from "../../app/api/rooms/[room]/events/route";
import { POST as postMessage } from "../../app/api/rooms/[room]/messages/route";
import { routeRequests, type Handler } from "./node-adapter";

const asHandler = (handler: unknown) => handler as Handler;

const server = createServer(
  routeRequests([
    { method: "POST", pattern: /^\/api\/rooms$/, handler: asHandler(createRoom) },
    { method: "GET", pattern: /^\/api\/rooms\/(?<room>[^/]+)\/events$/, handler: asHandler(roomEvents) },
    { method: "POST", pattern: /^\/api\/rooms\/(?<room>[^/]+)\/messages$/, handler: asHandler(postMessage) },
  ]),
);
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
