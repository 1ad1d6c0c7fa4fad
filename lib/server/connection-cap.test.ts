// The connection caps on a real node:http server: what one address opens past its cap is
// closed at once, other addresses are not affected, and a closed connection frees its place.
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { capConnections, connectionLimits } from "./connection-cap";

const ENV = ["LIVEKV_CONNECTIONS_MAX_PER_ADDRESS", "LIVEKV_SSE_MAX_PER_ADDRESS", "TRUST_PROXY"];

afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

/** A connection from `fromAddress`, and whether the server has closed it by the time it has sent an answer to a request after it. */
function open(server: Server, fromAddress: string): Promise<{ socket: Socket; closed: () => boolean }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = connect({ port, host: "127.0.0.1", localAddress: fromAddress });
    socket.on("error", () => undefined);
    socket.on("close", () => (closed = true));
    socket.resume();
    socket.once("connect", () => resolve({ socket, closed: () => closed }));
    socket.once("error", reject);
  });
}

/** Whether a connection from `fromAddress` gets an answer to a GET. */
async function answered(server: Server, fromAddress: string): Promise<boolean> {
  const { socket } = await open(server, fromAddress);
  return new Promise((resolve) => {
    socket.on("data", (chunk: Buffer) => {
      if (chunk.toString("latin1").startsWith("HTTP/1.1 200")) resolve(true);
      socket.destroy();
    });
    socket.on("close", () => resolve(false));
    socket.write("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  });
}

describe("connection caps", () => {
  it("closes what one address opens past its cap at once; other addresses and freed places are served", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    capConnections(server, { perAddress: 2, perProcess: Infinity });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const held = [await open(server, "127.0.0.21"), await open(server, "127.0.0.21")];
      expect(await answered(server, "127.0.0.21")).toBe(false);
      expect(await answered(server, "127.0.0.22")).toBe(true);
      expect(held.map((connection) => connection.closed())).toEqual([false, false]);
      held[0].socket.destroy();
      await expect.poll(() => answered(server, "127.0.0.21")).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("lets an address hold its stream cap and 100 more (300 by default), or what LIVEKV_CONNECTIONS_MAX_PER_ADDRESS says", () => {
    expect(connectionLimits().perAddress).toBe(300);
    process.env.LIVEKV_SSE_MAX_PER_ADDRESS = "1000";
    expect(connectionLimits().perAddress).toBe(1_100);
    process.env.LIVEKV_CONNECTIONS_MAX_PER_ADDRESS = "50";
    expect(connectionLimits().perAddress).toBe(50);
  });

  it("counts an IPv6 client by its /64, as every other limit does: new addresses in it share one cap", () => {
    // Only loopback is reachable here, so the server's side is played by an emitter: what is
    // under test is which connections capConnections counts together.
    const server = new EventEmitter();
    capConnections(server as Server, { perAddress: 1, perProcess: Infinity });
    const accept = (remoteAddress: string) => {
      const socket = Object.assign(new EventEmitter(), { remoteAddress, destroyed: false, destroy: () => (socket.destroyed = true) });
      server.emit("connection", socket);
      return socket.destroyed;
    };
    expect(accept("2001:db8:1:2::5")).toBe(false);
    expect(accept("2001:db8:1:2:abcd::6")).toBe(true); // same /64: over its cap of 1
    expect(accept("2001:db8:1:3::1")).toBe(false); // another /64
    expect(accept("::ffff:198.51.100.7")).toBe(false);
    expect(accept("198.51.100.7")).toBe(true); // the same IPv4 client, written two ways
  });

  it("has no per-address cap behind a trusted proxy, whose address every connection has", () => {
    process.env.TRUST_PROXY = "1";
    expect(connectionLimits().perAddress).toBe(Infinity);
  });
});
