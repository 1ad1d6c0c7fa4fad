// Addresses whose country the RIRs' registrations settle (they do not move between updates
// of the database), and addresses the database must not place anywhere.
import { describe, expect, it } from "vitest";
import { countryOfAddress } from "./ip-country";

describe("countryOfAddress", () => {
  it("places IPv4 and IPv6 addresses in their country", () => {
    expect(countryOfAddress("8.8.8.8")).toBe("US"); // Google
    expect(countryOfAddress("193.0.6.139")).toBe("NL"); // RIPE NCC, Amsterdam
    expect(countryOfAddress("202.12.29.175")).toBe("AU"); // APNIC, Brisbane
    expect(countryOfAddress("2001:4860:4860::8888")).toBe("US");
    expect(countryOfAddress("2a01:e0a::1")).toBe("FR"); // Free
  });

  it("reads the forms client addresses come in: IPv4-mapped IPv6 and an IPv6 client's /64", () => {
    expect(countryOfAddress("::ffff:193.0.6.139")).toBe("NL");
    expect(countryOfAddress("2a01:e0a:0:0::/64")).toBe("FR");
  });

  it("places no private, loopback or malformed address", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.20.1.1", "100.64.0.1", "fd00::1", "2001:db8::1", "::1", "fe80::1", "unknown", "", "8.8.8", "999.1.1.1", "x::/64"]) {
      expect(countryOfAddress(address)).toBeNull();
    }
  });
});
