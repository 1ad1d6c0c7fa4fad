// Finding links in chat messages: only full http(s) URLs, with hostile text left as text.
import { describe, expect, it } from "vitest";
import { linkParts } from "./links";

const links = (text: string) => linkParts(text).filter((part) => part.href !== undefined).map((part) => [part.text, part.href]);

describe("linkParts", () => {
  it("finds http and https URLs in running text, without the sentence's punctuation", () => {
    expect(linkParts("see https://example.com/a?b=1#c, and http://x.test/y.")).toEqual([
      { text: "see " },
      { text: "https://example.com/a?b=1#c", href: "https://example.com/a?b=1#c" },
      { text: ", and " },
      { text: "http://x.test/y", href: "http://x.test/y" },
      { text: "." },
    ]);
    expect(links("(https://en.wikipedia.org/wiki/Foo_(bar))")).toEqual([
      ["https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"],
    ]);
    expect(links("HTTPS://EXAMPLE.COM")).toEqual([["HTTPS://EXAMPLE.COM", "https://example.com/"]]);
  });

  it("leaves every other scheme, and text that only looks like a link, as text", () => {
    for (const text of [
      "javascript:alert(1)",
      "click javascript://example.com/%0Aalert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "example.com/page",
      "//evil.example/x",
      "https://",
      "http:///nohost",
    ]) {
      expect(links(text), text).toEqual([]);
      expect(linkParts(text).map((part) => part.text).join(""), text).toBe(text);
    }
  });

  it("a URL cannot carry markup or attributes out with it: it stops at quotes and angle brackets", () => {
    const text = `https://evil.example/"onmouseover="alert(1) <img src=x onerror=alert(1)> https://ok.example/'x'`;
    expect(links(text)).toEqual([
      ["https://evil.example/", "https://evil.example/"],
      ["https://ok.example/", "https://ok.example/"],
    ]);
    // Nothing is lost or added: the rest is shown as the text it is.
    expect(linkParts(text).map((part) => part.text).join("")).toBe(text);
  });
});
