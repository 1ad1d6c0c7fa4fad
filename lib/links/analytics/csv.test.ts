// The CSV export's text: columns, local time, quoting, and no formulas.
import { describe, expect, it } from "vitest";
import { clicksCsv } from "./csv";

const AT = Date.UTC(2030, 0, 9, 23, 30, 5);

describe("clicksCsv", () => {
  it("one header line and one CRLF-ended line per click, with the viewer's local time", () => {
    const csv = clicksCsv(
      [
        {
          at: AT,
          click: {
            at: new Date(AT).toISOString(),
            referrer: "news.example",
            country: "JP",
            browser: "Safari",
            os: "iOS",
            device: "mobile",
            trigger: "qr",
            utmSource: "poster",
            visitor: "abc",
          },
        },
      ],
      "Asia/Tokyo",
    );
    expect(csv).toBe(
      "time_utc,time_local,trigger,referrer,country,browser,os,device,utm_source,utm_medium,utm_campaign,visitor\r\n" +
        "2030-01-09T23:30:05.000Z,2030-01-10 08:30:05,qr,news.example,JP,Safari,iOS,mobile,poster,,,abc\r\n",
    );
  });

  it("quotes commas and quotes, and defuses values a spreadsheet would run", () => {
    const csv = clicksCsv(
      [
        {
          at: AT,
          click: {
            at: "",
            referrer: "direct",
            country: "FR",
            browser: "=HYPERLINK(\"x\")",
            os: "a,b",
            device: "desktop",
            utmCampaign: "+1",
          },
        },
      ],
      "UTC",
    );
    expect(csv.split("\r\n")[1]).toBe(`2030-01-09T23:30:05.000Z,2030-01-09 23:30:05,link,direct,FR,"'=HYPERLINK(""x"")","a,b",desktop,,,'+1,`);
  });
});
