// clientAddress and requestOrigin trust forwarded headers only with TRUST_PROXY (a count of
// trusted proxies); without, the client is the socket's peer as the app's server stamps it,
// and nothing a client sends.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, trustProxy } from "./client-address";
import { requestHosts, requestOrigin } from "./origin";
import { PEER_ADDRESS_HEADER, stampPeerAddress } from "./peer-address";
import { forgetPeerStamps } from "./test-support";
import { TrustProxyConfigError } from "./trusted-proxies";

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

  it("behind a trusted proxy takes X-Forwarded-For, not the peer (the proxy); the peer when the header names nobody", async () => {
    process.env.TRUST_PROXY = "1";
    expect(await addressThroughServer({ "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    expect(await addressThroughServer({})).toBe("127.0.0.1");
    expect(await addressThroughServer({ "x-forwarded-for": "<script>" })).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For without TRUST_PROXY (anyone can send it)", () => {
    delete process.env.TRUST_PROXY;
    expect(clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9" }))).toBe("unknown");
    process.env.TRUST_PROXY = "0";
    expect(trustProxy()).toBe(false);
    expect(clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9" }))).toBe("unknown");
  });

  it("with one trusted proxy takes the hop it appended, the last: a client's own leading hops are forged", () => {
    process.env.TRUST_PROXY = "1";
    expect(trustProxy()).toBe(true);
    // What nginx's proxy_add_x_forwarded_for forwards when the client sent a made-up hop.
    expect(clientAddress(forwarded({ "x-forwarded-for": "198.51.100.9, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(forwarded({ "x-forwarded-for": "198.51.100.9,203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(forwarded({ "x-forwarded-for": "[2001:db8::1]:443" }))).toBe("2001:db8:0:0::/64");
    expect(clientAddress(forwarded({ "x-forwarded-for": "10.0.0.5, 203.0.113.9:5555" }))).toBe("203.0.113.9");
  });

  it("with N trusted proxies takes the hop N from the right; with fewer hops than proxies none of them", async () => {
    process.env.TRUST_PROXY = "2";
    // client → CDN (appends the client) → nginx (appends the CDN) → app.
    expect(clientAddress(forwarded({ "x-forwarded-for": "198.51.100.9, 203.0.113.7, 10.0.0.2" }))).toBe("203.0.113.7");
    process.env.TRUST_PROXY = "3";
    expect(clientAddress(forwarded({ "x-forwarded-for": "198.51.100.9, 203.0.113.7, 10.0.0.2, 10.0.0.3" }))).toBe("203.0.113.7");
    // One hop where two proxies should have added theirs: it did not come through both, and
    // the hop may be the client's own. Then the peer counts, as it would without a proxy.
    process.env.TRUST_PROXY = "2";
    expect(await addressThroughServer({ "x-forwarded-for": "198.51.100.9" })).toBe("127.0.0.1");
    expect(clientAddress(forwarded({ "x-forwarded-for": "198.51.100.9" }))).toBe("unknown");
  });

  it("says unknown for a garbage or missing header where no server stamps a peer", () => {
    process.env.TRUST_PROXY = "1";
    expect(clientAddress(forwarded({ "x-forwarded-for": "<script>" }))).toBe("unknown");
    expect(clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9, <script>" }))).toBe("unknown");
    expect(clientAddress(forwarded({}))).toBe("unknown");
  });

  it("refuses a TRUST_PROXY that is not a count, naming it", () => {
    for (const value of ["true", "yes", "-1", "1.5", "one"]) {
      process.env.TRUST_PROXY = value;
      expect(() => trustProxy()).toThrow(TrustProxyConfigError);
      expect(() => clientAddress(forwarded({ "x-forwarded-for": "203.0.113.9" }))).toThrow(/TRUST_PROXY must be the number of trusted reverse proxies/);
    }
  });

  it("counts an IPv6 client as its /64, an IPv4 client (mapped into IPv6 too) as its address", async () => {
    process.env.TRUST_PROXY = "1";
    const of = (address: string) => clientAddress(forwarded({ "x-forwarded-for": address }));
    expect(of("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(of("2001:db8:1:2::9")).toBe(of("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
    expect(of("2001:db8:1:3::9")).toBe("2001:db8:1:3::/64");
    expect(of("2001:DB8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(of("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(of("::ffff:cb00:7109")).toBe("203.0.113.9");
    expect(of("203.0.113.9")).toBe("203.0.113.9");
    expect(of("203.0.113.10")).toBe("203.0.113.10");
    // And the socket's peer the same way.
    delete process.env.TRUST_PROXY;
    expect(await addressThroughServer({}, "::1", "[::1]")).toBe("0:0:0:0::/64");
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
