// A flood of live streams meets 503s, not a process out of files. Every connection is an open
// file, so a cap on streams as high as the open-file limit let one client take them all: health
// checks, pages and new streams then got no answer at all. The app's server, started with a
// low limit (600), refuses streams past what the limit leaves them (too_many_streams) and
// still answers health checks and pages; once the flood ends, streams open again. The flood
// comes from many clients (here all 127.0.0.1, so the per-address cap, which would stop one
// client first, is raised out of the way).

import { get, type IncomingMessage } from "node:http";
import { expect, test } from "@playwright/test";
import { startRedisServer, type RedisServer } from "../scripts/redis/redis-server";
import { startNextInstance, type NextInstance } from "./support/next-instance";

const FILE_LIMIT = 600;

let redis: RedisServer;
let app: NextInstance;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  redis = await startRedisServer();
  app = await startNextInstance(redis.url, { fileLimit: FILE_LIMIT, env: { LIVEKV_SSE_MAX_PER_ADDRESS: String(FILE_LIMIT * 2) } });
});

test.afterAll(async () => {
  await app?.stop();
  await redis?.stop();
});

type Opened = { status: number; response: IncomingMessage; body: string } | { status: null; error: string };

/** A GET on a connection of its own; a 200 stream is left open (and read), anything else read whole. */
function openStream(url: string): Promise<Opened> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, headers: { accept: "text/event-stream" } }, (response) => {
      if (response.statusCode === 200) {
        response.resume();
        response.on("error", () => undefined);
        return resolve({ status: 200, response, body: "" });
      }
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, response, body }));
    });
    request.setTimeout(10_000, () => request.destroy(new Error("no answer within 10 s")));
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ status: null, error: error.code ?? error.message }));
  });
}

test("streams past what the open-file limit leaves get 503 too_many_streams; health and pages still answer", async () => {
  test.setTimeout(120_000);
  const streamUrl = `${app.origin}/api/rooms/events`;
  const held: IncomingMessage[] = [];
  let refused: Opened | null = null;
  // More attempts than the process has files: without head-room, it runs out before refusing.
  for (let i = 0; i < FILE_LIMIT + 100 && refused === null; i++) {
    const opened = await openStream(streamUrl);
    if (opened.status === 200) held.push(opened.response);
    else refused = opened;
  }
  try {
    expect(refused?.status, refused?.status === null ? refused.error : undefined).toBe(503);
    if (refused?.status !== 503) return;
    expect((JSON.parse(refused.body) as { error: { code: string } }).error.code).toBe("too_many_streams");
    expect(refused.response.headers["retry-after"]).toBe("10");
    // Room was left for everything else: far more streams than a handful were served first.
    expect(held.length).toBeGreaterThan(FILE_LIMIT / 2);
    expect(app.log()).toContain(`open-file limit ${FILE_LIMIT}: at most ${held.length} live streams`);

    // The flood holds: health, a page and the API still answer; a new stream is refused.
    for (let i = 0; i < 20; i++) {
      expect((await fetch(`${app.origin}/api/health`)).status).toBe(200);
      expect((await fetch(`${app.origin}/`)).status).toBe(200);
      expect((await fetch(`${app.origin}/api/posts`)).status).toBe(200);
      expect((await openStream(streamUrl)).status).toBe(503);
    }
  } finally {
    for (const response of held) response.destroy();
  }

  // The flood over, streams open again.
  await expect
    .poll(async () => {
      const opened = await openStream(streamUrl);
      if (opened.status === 200) opened.response.destroy();
      return opened.status;
    })
    .toBe(200);
});
