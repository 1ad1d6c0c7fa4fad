// Whether a URL leads back to one of this app's own short links, however it is spelled: a
// link to one would redirect in a loop (each hop a click), or hide one short link behind
// another. The URL parser already folds case, IPv4 shorthands (127.1, 0x7f.1, 2130706433),
// default ports, backslashes and "."/".." segments (%2e included); this folds the rest that
// still reaches the same route: a trailing dot on the host name, an IPv4 address written as
// IPv6 ([::ffff:127.0.0.1]), other names of the loopback host, %-escapes in the path
// (/%73/…), repeated slashes (//s/…), the segment's case. Scheme and port are not compared:
// the same host's /s/ under http or on another port is this app behind a redirect to https,
// or another instance of it.
//
// Which hosts are "this app" is asked twice. When a link is created, the Host the request
// names is the creator's to choose, so it cannot be the only answer: this machine under any
// name (loopback, "this host", its own interface addresses) is the app too. When a link is
// followed, the host the visitor is using right now is: the visitor chose it, not the link's
// creator, and a target on it is where the visitor's browser would come back to.

import { networkInterfaces } from "node:os";
import { mappedIPv4 } from "@/lib/http/address-block";

const LOOPBACK = "loopback";

/** The host name as a key that every spelling of the same host shares. */
function hostKey(hostname: string): string {
  let host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host.startsWith("[") && host.endsWith("]")) host = mappedIPv4(host.slice(1, -1)) ?? host;
  return isLoopback(host) ? LOOPBACK : host;
}

function isLoopback(host: string): boolean {
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    // "This host": what a server bound to all interfaces answers on.
    host === "0.0.0.0" ||
    host === "[::1]" ||
    host === "[::]"
  );
}

/** The path as a router sees it: %-escapes decoded, runs of slashes as one, dot segments resolved. */
function routedPath(pathname: string): string {
  const decoded = pathname.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const collapsed = decoded.replace(/[/\\]+/g, "/");
  try {
    return new URL(collapsed, "http://path.invalid").pathname;
  } catch {
    return collapsed;
  }
}

/** The host name of a Host header value (name, name:port, [v6]:port), as the URL parser writes it. */
function hostnameOf(host: string): string {
  const trimmed = host.trim();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  const colon = trimmed.indexOf(":");
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

/** The addresses of this machine's network interfaces, as the URL parser writes host names. */
function thisMachine(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .map((address) => (address?.family === "IPv6" ? `[${address.address.split("%")[0]}]` : (address?.address ?? "")))
    .filter((hostname) => hostname !== "");
}

function isShortLinkPath(url: URL): boolean {
  const first = routedPath(url.pathname).split("/")[1] ?? "";
  return first.toLowerCase() === "s";
}

/**
 * Whether `url` leads to a short link (/s/…) of this app, as far as a link being created can
 * tell: on the host of `appOrigin` (the origin the creating request named), on a loopback or
 * "this host" address, or on one of this machine's own addresses.
 */
export function isOwnShortLink(url: URL, appOrigin: string): boolean {
  const target = hostKey(url.hostname);
  const ours = [new URL(appOrigin).hostname, ...thisMachine()].map(hostKey);
  return (target === LOOPBACK || ours.includes(target)) && isShortLinkPath(url);
}

/**
 * Whether `url` is a short-link path (/s/…) on one of `hosts` (Host header values: what the
 * visitor following a link used to reach the app). No URL is parsed unless the host matches,
 * so a click to anywhere else costs a few string operations.
 */
export function isShortLinkOn(url: URL, hosts: readonly string[]): boolean {
  const target = hostKey(url.hostname);
  return hosts.some((host) => hostKey(hostnameOf(host)) === target) && isShortLinkPath(url);
}
