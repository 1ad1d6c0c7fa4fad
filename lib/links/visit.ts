// What a request to /s/{code} tells us about the visit, reduced to the few names we count
// by. Anything a client sends can be made up; these are analytics, not security decisions.

import Bowser from "bowser";
import { isbot } from "isbot";
import type { RequestHead } from "@/lib/http/request-head";
import { countryOfAddress } from "@/lib/geo";
import type { ClickDetails, DeviceType } from "./types";

export interface Visit {
  /** HEAD requests, known bots and link-preview fetchers: counted apart from clicks. */
  isBot: boolean;
  details: ClickDetails;
}

const UNKNOWN_DETAILS: ClickDetails = {
  referrer: "direct",
  country: "unknown",
  browser: "unknown",
  os: "unknown",
  device: "unknown",
};

const DEVICE_TYPES: ReadonlySet<string> = new Set(["desktop", "mobile", "tablet", "tv", "bot"]);
// Names become KV key parts; bound them so an odd header can't make a huge key.
const MAX_NAME = 64;

/** The referrer's host name without "www.", or "direct" when there is none. */
export function referrerDomain(referer: string | null): string {
  if (!referer) return "direct";
  try {
    // Non-web referrers (android-app://com.google.android.gm/) still name their source in the host.
    const host = new URL(referer).hostname.toLowerCase().replace(/^www\./, "");
    return host === "" ? "direct" : host.slice(0, 253);
  } catch {
    return "direct";
  }
}

/** The country a CDN in front of the app says the visitor is in (ISO alpha-2), or "unknown". */
export function countryFrom(headers: RequestHead["headers"]): string {
  const raw = headers.get("cf-ipcountry") ?? headers.get("x-vercel-ip-country") ?? "";
  const code = raw.trim().toUpperCase();
  // Cloudflare sends XX when it doesn't know and T1 for Tor: neither is a country.
  return /^[A-Z]{2}$/.test(code) && code !== "XX" ? code : "unknown";
}

function clip(name: string): string {
  const trimmed = name.trim();
  return trimmed === "" ? "unknown" : trimmed.slice(0, MAX_NAME);
}

export function parseUserAgent(userAgent: string): Pick<ClickDetails, "browser" | "os" | "device"> {
  try {
    const parser = Bowser.getParser(userAgent);
    const platform = parser.getPlatformType(true);
    return {
      browser: clip(parser.getBrowserName()),
      os: clip(parser.getOSName()),
      device: (DEVICE_TYPES.has(platform) ? platform : "unknown") as DeviceType,
    };
  } catch {
    return { browser: "unknown", os: "unknown", device: "unknown" };
  }
}

type Agent = { isBot: boolean } & Pick<ClickDetails, "browser" | "os" | "device">;

// isbot and bowser cost tens of µs per request, and real traffic sends few distinct
// User-Agents, so the answers are remembered. Bounded in count and in the length of what is
// kept, so a flood of made-up User-Agents costs parsing but cannot grow memory.
const MAX_AGENTS = 500;
const MAX_CACHED_AGENT_LENGTH = 512;
const agents = new Map<string, Agent>();

function describeAgent(userAgent: string): Agent {
  const cached = agents.get(userAgent);
  if (cached) {
    // Re-inserted so that the Map's first key is the least recently used.
    agents.delete(userAgent);
    agents.set(userAgent, cached);
    return cached;
  }
  const agent: Agent = isbot(userAgent)
    ? { isBot: true, browser: "unknown", os: "unknown", device: "unknown" }
    : { isBot: false, ...parseUserAgent(userAgent) };
  if (userAgent.length <= MAX_CACHED_AGENT_LENGTH) {
    agents.set(userAgent, agent);
    if (agents.size > MAX_AGENTS) agents.delete(agents.keys().next().value as string);
  }
  return agent;
}

/**
 * The country of the visit: a CDN's header when one in front of the app sends it (it knows
 * the client best), else the client address looked up in the shipped IP database (lib/geo).
 */
export function visitCountry(headers: RequestHead["headers"], address: string): string {
  const fromCdn = countryFrom(headers);
  return fromCdn !== "unknown" ? fromCdn : (countryOfAddress(address) ?? "unknown");
}

/**
 * The QR code's marker (?qr=1: the QR code on the analytics page encodes the short URL with
 * it) and the UTM tags of the visited short URL, if any. Neither is sent on to the target.
 */
function fromShortUrl(url: string): Pick<ClickDetails, "trigger" | "utmSource" | "utmMedium" | "utmCampaign"> {
  const query = url.indexOf("?");
  if (query === -1) return {};
  const params = new URLSearchParams(url.slice(query + 1).split("#")[0]);
  return params.get("qr") === "1" ? { trigger: "qr", ...utmTags(params) } : utmTags(params);
}

/** utm_source, utm_medium and utm_campaign of a query, each clipped, absent when empty. */
export function utmTags(params: URLSearchParams): Pick<ClickDetails, "utmSource" | "utmMedium" | "utmCampaign"> {
  const out: Pick<ClickDetails, "utmSource" | "utmMedium" | "utmCampaign"> = {};
  const read = (name: string): string | undefined => {
    const value = params.get(name)?.trim() ?? "";
    return value === "" ? undefined : value.slice(0, MAX_NAME);
  };
  const source = read("utm_source");
  const medium = read("utm_medium");
  const campaign = read("utm_campaign");
  if (source !== undefined) out.utmSource = source;
  if (medium !== undefined) out.utmMedium = medium;
  if (campaign !== undefined) out.utmCampaign = campaign;
  return out;
}

/**
 * What a request to /s/{code} is counted as. `address` is the client's (lib/http's
 * clientAddress), used for its country when no CDN says; it is not kept.
 */
export function describeVisit(request: RequestHead, address = "unknown"): Visit {
  const headers = request.headers;
  const userAgent = headers.get("user-agent")?.trim() ?? "";
  // Every browser sends a User-Agent; a request without one is a script.
  if (request.method === "HEAD" || userAgent === "") return { isBot: true, details: UNKNOWN_DETAILS };
  const { isBot, browser, os, device } = describeAgent(userAgent);
  if (isBot) return { isBot, details: UNKNOWN_DETAILS };
  return {
    isBot,
    details: {
      referrer: referrerDomain(headers.get("referer")),
      country: visitCountry(headers, address),
      browser,
      os,
      device,
      ...fromShortUrl(request.url),
    },
  };
}
