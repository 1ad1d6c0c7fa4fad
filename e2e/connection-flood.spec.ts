// A flood of idle connections meets the server's connection caps, not a process out of files.
// Every connection is an open file, sending or not; one client that opened thousands of them,
// each with half a request's headers, took every file the process had, and health checks,
// pages, the API and new streams got no answer until it let go. The app's server, started
// with a low open-file limit (600), closes at once what one address opens past its cap (300
// by default) and what all of them open past what the file limit leaves for connections, and
// cuts off a request whose headers do not arrive within 10 s (Node's own limit is 60 s).
// Flooding clients use addresses of their own (127.0.0.x, x > 1); the checks come from 127.0.0.1.

import { get } from "node:http";
import { connect, type Socket } from "node:net";
import { expect, test } from "@playwright/test";
import { useOwnApp } from "./support/next-instance";

const FILE_LIMIT = 600;
/** What the app logs it leaves, with FILE_LIMIT open files and the default caps. */
const PER_ADDRESS = 300;
const PER_PROCESS = 472;

const own = useOwnApp({ fileLimit: FILE_LIMIT });

interface Flood {
  /** The flood's connections the server has not closed. */
  open(): number;
  end(): void;
}

/** Opens `count` connections from `fromAddress`, each sending half a request's headers, and holds them. */
async function flood(origin: string, fromAddress: string, count: number): Promise<Flood> {
  const { port, hostname } = new URL(origin);
  const sockets = new Set<Socket>();
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve) => {
          const socket = connect({ port: Number(port), host: hostname, localAddress: fromAddress });
          sockets.add(socket);
          socket.on("error", () => undefined);
          // Read (and discard) what the server answers, so its closing is seen.
          socket.resume();
          socket.on("close", () => {
            sockets.delete(socket);
            resolve();
          });
          socket.once("connect", () => {
            socket.write("GET / HTTP/1.1\r\nHost: app\r\nX-Half: ");
            resolve();
          });
        }),
    ),
  );
  return {
    open: () => sockets.size,
    end: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** The status a GET on a connection of its own gets (a stream is closed once it answers), or how it failed. */
function statusOf(url: string, headers: Record<string, string> = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, headers }, (response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    request.setTimeout(10_000, () => request.destroy(new Error("no answer within 10 s")));
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

test("one address's thousand idle connections: it keeps 300, and everyone else still gets answers", async () => {
  test.setTimeout(90_000);
  // More than the process has files.
  const idle = await flood(own.app.origin, "127.0.0.2", 1_000);
  try {
    // What went past the address's cap was closed at once.
    await expect.poll(() => idle.open()).toBeLessThanOrEqual(PER_ADDRESS);
    expect(idle.open()).toBeGreaterThan(PER_ADDRESS / 2);

    // Another address is served as ever: health, a page, the API, a new stream.
    const origin = own.app.origin;
    for (let i = 0; i < 5; i++) {
      expect(await statusOf(`${origin}/api/health`)).toBe(200);
      expect(await statusOf(`${origin}/`)).toBe(200);
      expect(await statusOf(`${origin}/api/posts`)).toBe(200);
      expect([200, 503]).toContain(await statusOf(`${origin}/api/rooms/events`, { accept: "text/event-stream" }));
    }

    // Headers that do not come in 10 s (checked every 2 s) cost the client its connections;
    // with Node's defaults they would still be held for 60 to 90 s.
    await expect.poll(() => idle.open(), { timeout: 25_000 }).toBe(0);
  } finally {
    idle.end();
  }
  expect(await statusOf(`${own.app.origin}/api/health`)).toBe(200);
  expect(own.app.log()).toContain(`${PER_PROCESS} connections, ${PER_ADDRESS} per client address`);
});

test("idle connections from many addresses, more than the process has files: it closes the excess and goes on", async () => {
  test.setTimeout(90_000);
  // 4 × 250: within each address's cap, twice the open-file limit in all.
  const floods = await Promise.all(["127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"].map((address) => flood(own.app.origin, address, 250)));
  try {
    const open = (): number => floods.reduce((sum, one) => sum + one.open(), 0);
    await expect.poll(open).toBeLessThanOrEqual(PER_PROCESS);
    expect(open()).toBeGreaterThan(PER_PROCESS / 2);
  } finally {
    for (const one of floods) one.end();
  }
  // The process did not run out of files: once the flood lets go, everything answers.
  await expect.poll(() => statusOf(`${own.app.origin}/api/health`)).toBe(200);
  expect(await statusOf(`${own.app.origin}/`)).toBe(200);
  expect(await statusOf(`${own.app.origin}/api/rooms/events`, { accept: "text/event-stream" })).toBe(200);
  expect(own.app.log()).not.toMatch(/EMFILE|uncaught|unhandled/i);
});
