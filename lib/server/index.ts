// lib/server: what the app's server process owns — its one Kv, its shutdown, and the guards
// the node:http server (server.ts) puts before Next: the body cap, answers to requests Node's
// parser refuses, the sockets answered with a close, the connection caps, and the open-file
// limit that caps live streams and connections; and, with several server processes on one
// port, the primary that runs them and the figures gathered from all of them.

export { getKv, closeServerKv, ServerShuttingDownError } from "./kv";
export { redisTargetFromEnv, RedisTargetError, type RedisTarget } from "./redis-target";
export { shutdownServer, installShutdownHandlers, SHUTDOWN_RETRY_MS } from "./shutdown";
export { declaresOversizedBody, refuseOversizedBody } from "./body-cap";
export { answerClientErrors } from "./client-errors";
export { isClosing } from "./closing-sockets";
export { capConnections, connectionLimits } from "./connection-cap";
export { openFileLimit } from "./file-limit";
export { serverProcessCount } from "./web-concurrency";
export { runPrimary } from "./cluster-primary";
export { answerGather, gatherFromAll, isClusterWorker } from "./cluster-gather";
