// What a request to /s/{code} is counted as.
import { describe, expect, it } from "vitest";
import { countryFrom, describeVisit, referrerDomain } from "./visit";

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const SAFARI_IPAD =
  "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

function visit(headers: Record<string, string>, method = "GET") {
  return describeVisit(new Request("http://app.test/s/abc", { method, headers }));
}

describe("describeVisit", () => {
  it("reduces a browser's request to referrer domain, country, browser, OS and device", () => {
    expect(
      visit({ "user-agent": CHROME_WINDOWS, referer: "https://www.News.example.com/story?id=1", "cf-ipcountry": "de" }),
    ).toEqual({
      isBot: false,
      details: { referrer: "news.example.com", country: "DE", browser: "Chrome", os: "Windows", device: "desktop" },
    });
    expect(visit({ "user-agent": SAFARI_IPHONE }).details).toEqual({
      referrer: "direct",
      country: "unknown",
      browser: "Safari",
      os: "iOS",
      device: "mobile",
    });
    expect(visit({ "user-agent": SAFARI_IPAD }).details.device).toBe("tablet");
  });

  it("counts HEAD, known bots, link previewers and UA-less requests as bots", () => {
    expect(visit({ "user-agent": CHROME_WINDOWS }, "HEAD").isBot).toBe(true);
    for (const ua of [
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "facebookexternalhit/1.1",
      "Twitterbot/1.0",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "curl/8.4.0",
    ]) {
      expect(visit({ "user-agent": ua }).isBot, ua).toBe(true);
    }
    expect(visit({}).isBot).toBe(true);
  });

  it("answers a User-Agent it has seen as it did the first time, whatever the method", () => {
    const first = visit({ "user-agent": SAFARI_IPHONE, "cf-ipcountry": "fr" });
    expect(visit({ "user-agent": SAFARI_IPHONE, "cf-ipcountry": "fr" })).toEqual(first);
    // The remembered answer is the agent's; referrer and country still come from each request.
    expect(visit({ "user-agent": SAFARI_IPHONE, referer: "https://t.co/x" }).details.referrer).toBe("t.co");
    expect(visit({ "user-agent": SAFARI_IPHONE }, "HEAD").isBot).toBe(true);
    for (let i = 0; i < 2; i++) expect(visit({ "user-agent": "Twitterbot/1.0" }).isBot).toBe(true);
  });
});

describe("referrerDomain", () => {
  it("is the host without www., or direct", () => {
    expect(referrerDomain(null)).toBe("direct");
    expect(referrerDomain("")).toBe("direct");
    expect(referrerDomain("not a url")).toBe("direct");
    expect(referrerDomain("https://www.example.com/")).toBe("example.com");
    expect(referrerDomain("android-app://com.google.android.gm/")).toBe("com.google.android.gm");
  });
});

describe("countryFrom", () => {
  it("reads cf-ipcountry, then x-vercel-ip-country; anything but two letters is unknown", () => {
    expect(countryFrom(new Headers({ "cf-ipcountry": "fr" }))).toBe("FR");
    expect(countryFrom(new Headers({ "x-vercel-ip-country": "JP" }))).toBe("JP");
    expect(countryFrom(new Headers({ "cf-ipcountry": "XX" }))).toBe("unknown");
    expect(countryFrom(new Headers({ "cf-ipcountry": "T1" }))).toBe("unknown");
    expect(countryFrom(new Headers({ "cf-ipcountry": "<b>" }))).toBe("unknown");
    expect(countryFrom(new Headers())).toBe("unknown");
  });
});

describe("describeVisit with the client address and the short URL's query", () => {
  it("without a CDN header, the country is the address's (the IP database); with one, the header's", () => {
    const request = (headers: Record<string, string>) => new Request("http://app.test/s/abc", { headers: { "user-agent": CHROME_WINDOWS, ...headers } });
    expect(describeVisit(request({}), "193.0.6.139").details.country).toBe("NL");
    expect(describeVisit(request({ "cf-ipcountry": "JP" }), "193.0.6.139").details.country).toBe("JP");
    expect(describeVisit(request({}), "unknown").details.country).toBe("unknown");
  });

  it("?qr=1 marks a QR scan; utm_* tags are read, clipped, and absent when empty", () => {
    const details = describeVisit(
      new Request(`http://app.test/s/abc?qr=1&utm_source=poster&utm_medium=&utm_campaign=${"c".repeat(100)}`, {
        headers: { "user-agent": CHROME_WINDOWS },
      }),
    ).details;
    expect(details).toMatchObject({ trigger: "qr", utmSource: "poster", utmCampaign: "c".repeat(64) });
    expect(details).not.toHaveProperty("utmMedium");
    expect(visit({ "user-agent": CHROME_WINDOWS }).details).not.toHaveProperty("trigger");
  });
});
