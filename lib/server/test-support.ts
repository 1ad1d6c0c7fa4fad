// For tests that go through the app's own getKv() (route handlers, the live-stream front):
// they need REDIS_URL pointing at the file's throwaway redis-server (or, on the Cluster
// back-end, REDIS_CLUSTER_NODES at the run's cluster), and the memoized Kv gone when the file ends.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, inject } from "vitest";
import { stampPeerAddress } from "@/lib/http/peer-address";
import { useKvTestEnv, type KvTestEnv } from "@/lib/kv/test-support";
import type { RedisServerOptions } from "@/scripts/redis/redis-server";
import { forgetServerKv } from "./kv";

/**
 * Registers beforeAll/afterAll hooks: one redis-server for the calling test file (as
 * useKvTestEnv), REDIS_URL set to it for getKv(), and at the end the app's Kv closed.
 */
export function useAppRedis(options: RedisServerOptions = {}): KvTestEnv {
  const env = useKvTestEnv(options);

  beforeAll(() => {
    if (env.backend === "cluster") {
      delete process.env.REDIS_URL;
      process.env.REDIS_CLUSTER_NODES = inject("kvClusterNodes").join(",");
    } else {
      delete process.env.REDIS_CLUSTER_NODES;
      process.env.REDIS_URL = env.url;
    }
  });

  // Registered after useKvTestEnv's hooks, so it runs before the server stops.
  afterAll(async () => {
    // Dropped rather than only closed: getKv() would otherwise hand the closed Kv to the next
    // file in this worker. Not closeServerKv(), whose refusal would outlive this file.
    const opening = forgetServerKv();
    const kv = await opening?.catch(() => undefined);
    await kv?.close();
  });

  return env;
}

/** What the stand-in for Next of useFrontServer answers. */
export const NEXT_ANSWER = 418;

/**
 * Registers beforeAll/afterAll hooks: a server doing what server.ts does in front of Next (the
 * peer address stamped, `front` answering what it serves), with a stand-in for Next answering
 * what it declines (NEXT_ANSWER, "next"). Its address is known once it listens.
 */
export function useFrontServer(front: (req: IncomingMessage, res: ServerResponse) => boolean): { readonly origin: string; readonly port: number } {
  let http: Server;
  let port = 0;

  beforeAll(async () => {
    http = createServer((req, res) => {
      stampPeerAddress(req);
      if (!front(req, res)) res.writeHead(NEXT_ANSWER).end("next");
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    port = (http.address() as AddressInfo).port;
  });

  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  return {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
  };
}
