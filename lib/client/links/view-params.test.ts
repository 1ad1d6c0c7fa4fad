import { describe, expect, it } from "vitest";
import { pageViewFrom, pageViewSearch, searchParamsOf } from "./view-params";

const read = (search: string) => pageViewFrom(new URLSearchParams(search));

describe("the analytics page's view in its URL", () => {
  it("reads the range and the filters by their URL names", () => {
    expect(read("range=7d&device=mobile&utm_source=newsletter&country=FR")).toEqual({
      range: "7d",
      filters: { device: "mobile", utmSource: "newsletter", country: "FR" },
    });
  });

  it("is the default view (24 hours, no filter) without parameters", () => {
    expect(read("")).toEqual({ range: "24h", filters: {} });
  });

  it("drops what it does not know for the default, never failing", () => {
    expect(read("range=1y&device=toaster&trigger=email&country=&browser=" + "x".repeat(254) + "&colour=red")).toEqual({
      range: "24h",
      filters: {},
    });
    expect(read("range=__proto__&device=constructor&trigger=toString")).toEqual({ range: "24h", filters: {} });
    expect(read("range=%E0%A4%A&os=%ZZ")).toEqual({ range: "24h", filters: { os: "%ZZ" } });
  });

  it("writes only what differs from the default, and reads back what it wrote", () => {
    expect(pageViewSearch({ range: "24h", filters: {} })).toBe("");
    const view = { range: "1h" as const, filters: { referrer: "news.example.org", trigger: "qr", utmCampaign: "spring & summer" } };
    const search = pageViewSearch(view);
    expect(search).toBe("?range=1h&referrer=news.example.org&trigger=qr&utm_campaign=spring+%26+summer");
    expect(read(search.slice(1))).toEqual(view);
  });

  it("takes a repeated parameter's first value from a page's searchParams prop", () => {
    expect(pageViewFrom(searchParamsOf({ range: ["30d", "1h"], device: "tablet", country: undefined }))).toEqual({
      range: "30d",
      filters: { device: "tablet" },
    });
  });
});
