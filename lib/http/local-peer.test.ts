// Which socket peers are this machine: the loopback addresses, in every form Node reports them.
import { describe, expect, it } from "vitest";
import { isLoopbackAddress } from "./local-peer";

describe("isLoopbackAddress", () => {
  it("is true for IPv4 and IPv6 loopback, IPv4 loopback mapped into IPv6 included", () => {
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address), address).toBe(true);
  });

  it("is false for every other address, and for none", () => {
    for (const address of ["10.0.0.1", "192.168.1.2", "203.0.113.9", "::ffff:10.0.0.1", "2001:db8::1", "::", "0.0.0.0", "128.0.0.1", "1127.0.0.1"]) {
      expect(isLoopbackAddress(address), address).toBe(false);
    }
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});
