// clientAddress and requestOrigin trust forwarded headers only with TRUST_PROXY=1.
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { requestOrigin } from "./origin";

const saved = process.env.TRUST_PROXY;
afterEach(() => {
  if (saved === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = saved;
});

const forwarded = (headers: Record<string, string>) => new Request("http://internal:3000/x", { headers });

describe("clientAddress", () => {
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
