// The Markdown subset posts are written in: what it renders, and that hostile input stays
// text — no HTML ever, links only to http(s) URLs.
import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, plainTextOf, safeHref, type MarkdownBlock, type MarkdownInline } from "./markdown";

/** Every link target in a parsed post. */
function hrefs(blocks: MarkdownBlock[]): string[] {
  const fromInline = (nodes: MarkdownInline[]): string[] =>
    nodes.flatMap((node) => (node.type === "link" ? [node.href, ...fromInline(node.children)] : "children" in node ? fromInline(node.children) : []));
  return blocks.flatMap((block) =>
    block.type === "code" ? [] : block.type === "list" ? block.items.flatMap(fromInline) : fromInline(block.children),
  );
}

describe("parseMarkdown", () => {
  it("reads headings, paragraphs with line breaks, lists, quotes and code", () => {
    const blocks = parseMarkdown(
      "# Title\n\nOne **bold** and *soft* `code`\nnext line\n\n- a\n- b\n\n3. c\n4. d\n\n> quoted\n\n```\n<b>x</b>\n\n  y\n```",
    );
    expect(blocks).toEqual([
      { type: "heading", level: 2, children: [{ type: "text", text: "Title" }] },
      {
        type: "paragraph",
        children: [
          { type: "text", text: "One " },
          { type: "strong", children: [{ type: "text", text: "bold" }] },
          { type: "text", text: " and " },
          { type: "em", children: [{ type: "text", text: "soft" }] },
          { type: "text", text: " " },
          { type: "code", text: "code" },
          { type: "break" },
          { type: "text", text: "next line" },
        ],
      },
      { type: "list", ordered: false, start: 1, items: [[{ type: "text", text: "a" }], [{ type: "text", text: "b" }]] },
      { type: "list", ordered: true, start: 3, items: [[{ type: "text", text: "c" }], [{ type: "text", text: "d" }]] },
      { type: "quote", children: [{ type: "text", text: "quoted" }] },
      { type: "code", text: "<b>x</b>\n\n  y" },
    ]);
  });

  it("links http(s) URLs, in brackets or bare, without trailing punctuation", () => {
    expect(parseInline("see [the docs](https://example.com/a?b=1#c) or http://example.org/x.")).toEqual([
      { type: "text", text: "see " },
      { type: "link", href: "https://example.com/a?b=1#c", children: [{ type: "text", text: "the docs" }] },
      { type: "text", text: " or " },
      { type: "link", href: "http://example.org/x", children: [{ type: "text", text: "http://example.org/x" }] },
      { type: "text", text: "." },
    ]);
  });

  it("keeps raw HTML as text", () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>';
    expect(parseMarkdown(hostile)).toEqual([{ type: "paragraph", children: [{ type: "text", text: hostile }] }]);
  });

  it("never links anything but an absolute http(s) URL, however it is disguised", () => {
    const targets = [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "vbscript:msgbox(1)",
      "//evil.example/x",
      "/relative",
      "https:evil.example",
      "http://exa\u0000mple.com",
      "file:///etc/passwd",
    ];
    for (const target of targets) {
      const blocks = parseMarkdown(`[click](${target}) and ${target}`);
      expect({ target, hrefs: hrefs(blocks) }).toEqual({ target, hrefs: [] });
      // The words stay; only the target is dropped.
      expect(plainTextOf(blocks)[0]).toContain("click");
    }
    expect(safeHref("https://example.com")).toBe("https://example.com/");
    expect(safeHref("HTTPS://EXAMPLE.COM/Path")).toBe("https://example.com/Path");
  });

  it("escapes, unclosed markers and deep nesting come out as text, quickly", () => {
    expect(plainTextOf(parseMarkdown("\\*not em\\* and **open and *half"))).toEqual(["*not em* and **open and *half"]);
    const deep = "**".repeat(500) + "x" + "**".repeat(500);
    expect(plainTextOf(parseMarkdown(deep))[0]).toContain("x");
    const many = "[a](".repeat(1000) + "*_`".repeat(1000);
    expect(plainTextOf(parseMarkdown(many))[0].length).toBeGreaterThan(0);
  });

  it("gives the plain text of each block, for summaries", () => {
    expect(plainTextOf(parseMarkdown("## Hi *there*\n\n- one\n- [two](https://x.example)"))).toEqual(["Hi there", "one two"]);
  });
});
