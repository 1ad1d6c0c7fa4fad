// What may be shortened and what a custom code may be.
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { LinkError } from "./errors";
import { validateCustomCode, validateExpireIn, validateTargetUrl } from "./validate";

const APP = "http://localhost:3000";

function rejection(fn: () => unknown): LinkError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LinkError) return error;
    throw error;
  }
  throw new Error("expected a LinkError");
}

describe("validateTargetUrl", () => {
  it("accepts absolute http and https URLs and normalizes them", () => {
    expect(validateTargetUrl("https://Example.COM/a b?q=1#x", APP)).toBe("https://example.com/a%20b?q=1#x");
    expect(validateTargetUrl("  http://example.com  ", APP)).toBe("http://example.com/");
    expect(validateTargetUrl("https://bücher.example/", APP)).toBe("https://xn--bcher-kva.example/");
    // Other paths on this app, and /s/ on other hosts, are fine.
    expect(validateTargetUrl("http://localhost:3000/links", APP)).toBe("http://localhost:3000/links");
    expect(validateTargetUrl("https://other.example/s/abc", APP)).toBe("https://other.example/s/abc");
  });

  it.each([
    ["javascript:alert(1)"],
    ["JavaScript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["file:///etc/passwd"],
    ["ftp://example.com/x"],
    ["mailto:a@example.com"],
    ["/relative/path"],
    ["example"],
    ["not a url.com"],
    ["//example.com/x"],
    [""],
    ["   "],
    ["https://user:pass@example.com/"],
    ["http://"],
  ])("rejects %j", (input) => {
    const error = rejection(() => validateTargetUrl(input, APP));
    expect(error.code).toBe("invalid_url");
    expect(error.status).toBe(422);
  });

  it("gives https:// to a web address typed without a scheme, as a browser's address bar does", () => {
    expect(validateTargetUrl("example.com/page", APP)).toBe("https://example.com/page");
    expect(validateTargetUrl(" www.Example.com ", APP)).toBe("https://www.example.com/");
    expect(validateTargetUrl("example.com:8080/x?q=1#f", APP)).toBe("https://example.com:8080/x?q=1#f");
    expect(validateTargetUrl("localhost:4000/docs", APP)).toBe("https://localhost:4000/docs");
    // Still this app's own short link, however it was typed.
    expect(rejection(() => validateTargetUrl("localhost:3000/s/abc", APP)).message).toMatch(/already a short link/);
  });

  it("rejects URLs over 2,048 characters", () => {
    const base = "https://example.com/";
    expect(validateTargetUrl(base + "a".repeat(2048 - base.length), APP)).toHaveLength(2048);
    expect(rejection(() => validateTargetUrl(base + "a".repeat(2049 - base.length), APP)).message).toMatch(/2048/);
    // Also after normalization (percent-escaping makes it longer).
    expect(rejection(() => validateTargetUrl(base + "é".repeat(1000), APP)).code).toBe("invalid_url");
  });

  it("rejects this app's own short links (a redirect loop)", () => {
    expect(rejection(() => validateTargetUrl("http://localhost:3000/s/abc", APP)).message).toMatch(/already a short link/);
    expect(rejection(() => validateTargetUrl("HTTP://LOCALHOST:3000/s/abc", APP)).code).toBe("invalid_url");
  });

  // Each spelling reaches this app's /s/abc all the same (the issue's bypasses first).
  it.each([
    ["http://localhost:3000//s/abc", APP],
    ["http://localhost:3000/%73/abc", APP],
    ["http://[::ffff:127.0.0.1]:3000/s/abc", "http://127.0.0.1:3000"],
    ["http://[::ffff:7f00:1]:3000/s/abc", "http://127.0.0.1:3000"],
    ["http://127.1:3000/s/abc", "http://127.0.0.1:3000"],
    ["http://2130706433:3000/s/abc", "http://127.0.0.1:3000"],
    ["http://0x7f.0.0.1:3000/s/abc", "http://127.0.0.1:3000"],
    ["http://localhost.:3000/s/abc", APP],
    ["http://127.0.0.1:3000/s/abc", APP],
    ["http://[::1]:3000/s/abc", APP],
    ["https://SHO.RT./s/abc", "https://sho.rt"],
    ["https://sho.rt:443/s/abc", "https://sho.rt"],
    ["http://sho.rt/s/abc", "https://sho.rt"],
    ["https://[::ffff:cb00:7105]/s/abc", "https://203.0.113.5"],
    ["https://sho.rt/S/abc", "https://sho.rt"],
    ["https://sho.rt/x/../s/abc", "https://sho.rt"],
    ["https://sho.rt/x/%2e%2e/s/abc", "https://sho.rt"],
    ["https://sho.rt/x%2F..%2Fs/abc", "https://sho.rt"],
    ["https://sho.rt\\s\\abc", "https://sho.rt"],
    ["https://sho.rt///s///abc", "https://sho.rt"],
    ["https://sho.rt/s", "https://sho.rt"],
  ])("rejects %j, a short link of the app at %j however it is spelled", (input, app) => {
    expect(rejection(() => validateTargetUrl(input, app)).message).toMatch(/already a short link/);
  });

  // The creating request's Host is the creator's to choose: this machine is the app whatever it says.
  it.each([
    ["http://127.0.0.1:3207/s/rvloop1"],
    ["http://127.9.9.9/s/abc"],
    ["http://localhost:3000/s/abc"],
    ["http://app.localhost/s/abc"],
    ["http://[::1]:3000/s/abc"],
    ["http://0.0.0.0:3000/s/abc"],
    ["http://[::]:3000/s/abc"],
  ])("rejects %j even when the request named another host", (input) => {
    expect(rejection(() => validateTargetUrl(input, "http://evil.example")).message).toMatch(/already a short link/);
  });

  it("rejects a short link on any of this machine's own addresses, whatever host the request named", () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .flatMap((address) => (address && !address.internal ? [address] : []));
    for (const { family, address } of addresses) {
      const url = `http://${family === "IPv6" ? `[${address.split("%")[0]}]` : address}:3000/s/abc`;
      expect(rejection(() => validateTargetUrl(url, "http://evil.example")).message).toMatch(/already a short link/);
      expect(validateTargetUrl(url.replace("/s/", "/links/"), "http://evil.example")).toBe(new URL(url.replace("/s/", "/links/")).href);
    }
  });

  it.each([
    ["https://sho.rt/share/abc", "https://sho.rt"],
    ["https://sho.rt/links", "https://sho.rt"],
    ["https://sho.rt/x/s/abc", "https://sho.rt"],
    ["https://other.example/s/abc", "https://sho.rt"],
    ["https://sho.rt.evil.example/s/abc", "https://sho.rt"],
    ["https://[::ffff:cb00:7106]/s/abc", "https://203.0.113.5"],
    ["https://[2001:db8::1]/s/abc", "https://203.0.113.5"],
  ])("accepts %j: not a short link of the app at %j", (input, app) => {
    expect(validateTargetUrl(input, app)).toBe(new URL(input).href);
  });
});

describe("validateCustomCode", () => {
  it("accepts 3-32 of [A-Za-z0-9_-], in lower case (codes are case-insensitive)", () => {
    for (const code of ["abc", "my-link_2", "x".repeat(32)]) expect(validateCustomCode(code)).toBe(code);
    expect(validateCustomCode("My-Link_2")).toBe("my-link_2");
  });

  it.each([["ab"], ["x".repeat(33)], ["has space"], ["dot.dot"], ["ümlaut"], ["a/b"], ["%41bc"]])("rejects %j", (code) => {
    expect(rejection(() => validateCustomCode(code)).code).toBe("invalid_code");
  });

  it.each([["api"], ["API"], ["links"], ["_next"], ["admin"], ["health"], ["static"], ["chat"], ["posts"], ["events"], ["restore"]])(
    "refuses the reserved %j",
    (code) => {
      const error = rejection(() => validateCustomCode(code));
      expect(error.code).toBe("reserved_code");
      expect(error.status).toBe(422);
    },
  );
});

describe("validateExpireIn", () => {
  it("takes 1 s to 365 days in whole milliseconds", () => {
    expect(validateExpireIn(1000)).toBe(1000);
    for (const bad of [0, 999, 1.5, -5, 366 * 86_400_000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(rejection(() => validateExpireIn(bad)).code).toBe("invalid_expiry");
    }
  });
});
