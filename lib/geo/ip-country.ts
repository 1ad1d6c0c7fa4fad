// The country of a client address, from an IP-to-country database shipped as an npm package:
// @ip-location-db/geo-whois-asn-country-mmdb (sapics/ip-location-db, CC0 as compiled; built
// from the five RIRs' WHOIS and ASN data, CC BY 4.0 by the NRO, and published geofeeds). It is
// one MaxMind-DB file of ~8 MB covering IPv4 and IPv6, read into memory once per process on
// the first lookup (~10 ms) and searched in place by mmdb-lib: a walk down a binary trie of
// at most 128 steps, ~2 µs, no I/O — so a click that needs a country costs no round trip.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { BlockList, isIP } from "node:net";
import { Reader, type Response } from "mmdb-lib";
import { mappedIPv4 } from "@/lib/http/address-block";

const DATABASE = "@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb";

let reader: Reader<Response> | null = null;

function database(): Reader<Response> {
  if (reader === null) {
    const path = createRequire(import.meta.url).resolve(DATABASE);
    reader = new Reader<Response>(readFileSync(path));
  }
  return reader;
}

/** This database's records are `{ country_code: "FR" }`, not one of MaxMind's own shapes. */
function countryCodeOf(record: unknown): unknown {
  return typeof record === "object" && record !== null && "country_code" in record ? record.country_code : null;
}

// Addresses no country owns. Looked up anyway, some land in a neighbouring registration
// (192.168.0.1 comes back "AU"), so they are answered here instead.
const NOWHERE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 3],
] as const) NOWHERE.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["2001:db8::", 32],
] as const) NOWHERE.addSubnet(network, prefix, "ipv6");

/** The address as the database is keyed: "a:b:c:d::/64" (an IPv6 client's block) as its first address, ::ffff:a.b.c.d as a.b.c.d. */
function lookupForm(address: string): string | null {
  const bare = address.endsWith("::/64") ? address.slice(0, -3) : address;
  if (isIP(bare) === 0) return null;
  return mappedIPv4(bare) ?? bare;
}

/**
 * The ISO 3166-1 alpha-2 country (upper case) the database places `address` in, or null for
 * private, reserved and unlisted addresses and for anything that is not an address.
 */
export function countryOfAddress(address: string): string | null {
  const ip = lookupForm(address);
  if (ip === null || NOWHERE.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6")) return null;
  const code = countryCodeOf(database().get(ip));
  return typeof code === "string" && /^[A-Z]{2}$/.test(code) ? code : null;
}
