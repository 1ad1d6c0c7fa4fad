// Which addresses are one client, for rate limits and stream caps. An IPv4 address is one
// client (or one NAT). An IPv6 client normally holds a whole /64 — an ISP hands each line a
// /64 or more, and a host picks new addresses in it at will (privacy extensions) — so per
// address it would have 2^64 budgets: its /64 is the client. An IPv4 address written as
// IPv6 (::ffff:203.0.113.9) is that IPv4 address.

import { isIPv6 } from "node:net";

/** `address` (a valid IP) as the client limits count: IPv4 as it is, IPv6 as "<first 64 bits>::/64". */
export function addressBlock(address: string): string {
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  return mappedIPv4Of(groups) ?? `${groups.slice(0, 4).map((group) => group.toString(16)).join(":")}::/64`;
}

/** The IPv4 address an IPv4-mapped IPv6 address stands for (::ffff:a.b.c.d, in any spelling), else null. */
export function mappedIPv4(address: string): string | null {
  return isIPv6(address) ? mappedIPv4Of(ipv6Groups(address)) : null;
}

function mappedIPv4Of(groups: number[]): string | null {
  if (groups.slice(0, 5).some((group) => group !== 0) || groups[5] !== 0xffff) return null;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
}

/** The eight 16-bit groups of a valid IPv6 address ("::" expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(address: string): number[] {
  const bare = address.split("%")[0]; // a zone ("fe80::1%eth0") names an interface, not a host
  const [head, tail] = bare.includes("::") ? bare.split("::") : [bare, null];
  const parse = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const front = parse(head);
  if (tail === null) return front;
  const back = parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}
