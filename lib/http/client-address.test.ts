// clientAddress and requestOrigin trust forwarded headers only with TRUST_PROXY=1; without,
// the client is the socket's peer as the app's server stamps it, and nothing a client sends.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { requestHosts, requestOrigin } from "./origin";
import { PEER_ADDRESS_HEADER, stampPeerAddress } from "./peer-address";
import { forgetPeerStamps } from "./test-support";

const saved = process.env.TRUST_PROXY;
afterEach(() => {
  if (saved === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = saved;
  forgetPeerStamps();
});

const forwarded = (headers: Record<string, string>) => new Request("http://internal:3000/x", { headers });

/** A Request with the headers Next builds from `req` (its `headers`), as a route handler gets it. */
function asRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  return new Request(`http://internal:3000${req.url ?? "/"}`, { headers });
}

/**
 * The client address a route would see for a request sent to a server that does what
 * server.ts does (stamp, then hand on), listening on `host` and reached at `connectTo`.
 */
async function addressThroughServer(headers: Record<string, string>, host = "127.0.0.1", connectTo = host): Promise<string> {
  let seen = "";
  const server = createServer((req, res) => {
    stampPeerAddress(req);
    seen = clientAddress(asRequest(req));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  try {
    await (await fetch(`http://${connectTo}:${(server.address() as AddressInfo).port}/`, { headers })).text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return seen;
}

describe("clientAddress", () => {
  it("is the socket's peer the app's server stamped, whatever a client sends in that header or X-Forwarded-For", async () => {
    delete process.env.TRUST_PROXY;
    expect(await addressThroughServer({})).toBe("127.0.0.1");
    expect(await addressThroughServer({ [PEER_ADDRESS_HEADER]: "203.0.113.9" })).toBe("127.0.0.1");
    expect(await addressThroughServer({ "x-forwarded-for": "203.0.113.9" })).toBe("127.0.0.1");
  });

  it("gives an IPv4 client of a dual-stack socket as plain IPv4, so it has one budget however it came", async () => {
    delete process.env.TRUST_PROXY;
    expect(await addressThroughServer({}, "::", "127.0.0.1")).toBe("127.0.0.1");
  });

  it("believes no copy of the header where no server stamps requests (`next start` alone)", () => {
    delete process.env.TRUST_PROXY;
    expect(clientAddress(forwarded({ [PEER_ADDRESS_HEADER]: "203.0.113.9" }))).toBe("unknown");
  });

  it("behind a trusted proxy takes X-Forwarded-For, not the peer (the proxy)", async () => {
    process.env.TRUST_PROXY = "1";
    expect(await addressThroughServer({ "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    expect(await addressThroughServer({})).toBe("unknown");
  });

  it("ignores X-Forwarded-For without TRUST_PROXY (anyone can send it)", () => {
    delete process.env.TRUST_PROXY;
    expect(clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9" }))).toBe("unknown");
  });

  it("takes the first hop with TRUST_PROXY=1", () => {
    process.env.TRUST_PROXY = "1";
    expect(clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe("203.0.113.9");
    expect(clientAddress(forwarded({ "x-forwarded-for": "2001:db8::1" }))).toBe("2001:db8::1");
    expect(clientAddress(forwarded({ "x-forwarded-for": "[2001:db8::1]:443" }))).toBe("2001:db8::1");
    expect(clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9:5555" }))).toBe("203.0.113.9");
  });

  it("says unknown for a garbage or missing header even behind a proxy", () => {
    process.env.TRUST_PROXY = "1";
    expect(clientAddress(forwarded({ "x-forwarded-for": "<script>" }))).toBe("unknown");
    expect(clientAddress(forwarded({}))).toBe("unknown");
  });
});

describe("requestOrigin", () => {
  it("is the request URL's origin unless a trusted proxy forwards host and protocol", () => {
    delete process.env.TRUST_PROXY;
    const request = forwarded({ "x-forwarded-host": "sho.rt", "x-forwarded-proto": "https" });
    expect(requestOrigin(request)).toBe("http://internal:3000");
    process.env.TRUST_PROXY = "1";
    expect(requestOrigin(request)).toBe("https://sho.rt");
    expect(requestOrigin(forwarded({ "x-forwarded-host": "bad host/%%" }))).toBe("http://internal:3000");
  });

  it("follows the Host header the visitor sent (Next's request.url names its own listening host)", () => {
    delete process.env.TRUST_PROXY;
    expect(requestOrigin(forwarded({ host: "127.0.0.1:3100" }))).toBe("http://127.0.0.1:3100");
    expect(requestOrigin(forwarded({ host: "bad host/%%" }))).toBe("http://internal:3000");
  });
});

describe("requestHosts", () => {
  it("is the Host the visitor sent, and each forwarded host only behind a trusted proxy", () => {
    delete process.env.TRUST_PROXY;
    const request = forwarded({ host: "internal:3000", "x-forwarded-host": "sho.rt, edge.example" });
    expect(requestHosts(request)).toEqual(["internal:3000"]);
    process.env.TRUST_PROXY = "1";
    expect(requestHosts(request)).toEqual(["internal:3000", "sho.rt", "edge.example"]);
    // A Request built in code has no Host header: its URL's host stands in.
    expect(requestHosts(forwarded({}))).toEqual(["internal:3000"]);
  });
});
