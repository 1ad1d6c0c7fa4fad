// The Markdown subset posts are written in, parsed into a small tree that components/posts
// renders as React elements. Nothing here ever becomes HTML: raw HTML in a post is text like
// any other, and React escapes it. Links are the one way out of the page, so a link is made
// only for an absolute http(s) URL; anything else (javascript:, data:, relative paths) stays
// the text it was. No imports: the server and the browser both parse with it.
//
// Blocks: paragraphs (a single newline is a line break), headings (# to ###), lists (- * +,
// or 1. 1)), quotes (>), fenced code (```). Inline: **strong**, *emphasis* / _emphasis_,
// `code`, [text](https://…), bare https://… links, and backslash escapes.

export type MarkdownInline =
  | { type: "text"; text: string }
  | { type: "strong"; children: MarkdownInline[] }
  | { type: "em"; children: MarkdownInline[] }
  | { type: "code"; text: string }
  | { type: "link"; href: string; children: MarkdownInline[] }
  | { type: "break" };

export type MarkdownBlock =
  | { type: "paragraph"; children: MarkdownInline[] }
  | { type: "heading"; level: 2 | 3 | 4; children: MarkdownInline[] }
  | { type: "list"; ordered: boolean; start: number; items: MarkdownInline[][] }
  | { type: "quote"; children: MarkdownInline[] }
  | { type: "code"; text: string };

/** The rel every link in a post carries: no access to this page, no referrer, no endorsement. */
export const LINK_REL = "noopener noreferrer nofollow";

/** The URL as a link target when it is an absolute http(s) URL, else null. */
export function safeHref(raw: string): string | null {
  // Whitespace or controls inside a URL are how "java\nscript:" tricks start; no real link
  // a person types has them.
  if (!/^https?:\/\//i.test(raw) || /[\u0000-\u0020\u007f-\u009f]/.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

const HEADING = /^(#{1,3})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const FENCE = /^\s{0,3}```/;

export function parseMarkdown(source: string): MarkdownBlock[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !FENCE.test(lines[i])) code.push(lines[i++]);
      i++; // the closing fence (or the end)
      blocks.push({ type: "code", text: code.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: "heading", level: (heading[1].length + 1) as 2 | 3 | 4, children: parseInline(heading[2]) });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (let match; i < lines.length && (match = QUOTE.exec(lines[i])); i++) quoted.push(match[1]);
      blocks.push({ type: "quote", children: parseInline(quoted.join("\n").trim()) });
      continue;
    }
    const numbered = NUMBERED.exec(line);
    if (numbered || BULLET.test(line)) {
      const pattern = numbered ? NUMBERED : BULLET;
      const items: MarkdownInline[][] = [];
      for (let match; i < lines.length && (match = pattern.exec(lines[i])); i++) {
        items.push(parseInline(match[match.length - 1]));
      }
      blocks.push({ type: "list", ordered: numbered !== null, start: numbered ? Number(numbered[1]) : 1, items });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() !== "" && !startsBlock(lines[i])) paragraph.push(lines[i++]);
    blocks.push({ type: "paragraph", children: parseInline(paragraph.join("\n").trim()) });
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || BULLET.test(line) || NUMBERED.test(line);
}

// Deeper nesting than this is shown as text: no real post needs it, and it bounds the work.
const MAX_DEPTH = 4;
const ESCAPABLE = /[\\`*_[\]()#+\-.!>~|{}]/;
const BARE_URL = /^https?:\/\/[^\s<>"]+/i;

export function parseInline(text: string, depth = 0): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let plain = "";
  const flush = (): void => {
    if (plain !== "") out.push({ type: "text", text: plain });
    plain = "";
  };
  const push = (node: MarkdownInline): void => {
    flush();
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const rest = text.slice(i);
    if (char === "\\" && i + 1 < text.length && ESCAPABLE.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (char === "\n") {
      push({ type: "break" });
      i++;
      continue;
    }
    if (char === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        push({ type: "code", text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (depth < MAX_DEPTH && (rest.startsWith("**") || rest.startsWith("__"))) {
      const marker = rest.slice(0, 2);
      const end = text.indexOf(marker, i + 2);
      if (end > i + 2 && text[i + 2] !== " ") {
        push({ type: "strong", children: parseInline(text.slice(i + 2, end), depth + 1) });
        i = end + 2;
        continue;
      }
    }
    if (depth < MAX_DEPTH && (char === "*" || (char === "_" && !/\w/.test(text[i - 1] ?? "")))) {
      const end = findEmphasisEnd(text, i + 1, char);
      if (end > i + 1 && text[i + 1] !== " ") {
        push({ type: "em", children: parseInline(text.slice(i + 1, end), depth + 1) });
        i = end + 1;
        continue;
      }
    }
    if (char === "[" && depth < MAX_DEPTH) {
      const link = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest);
      if (link) {
        const href = safeHref(link[2]);
        // A link to anywhere but http(s) keeps its words, without the target.
        if (href === null) plain += link[1];
        else push({ type: "link", href, children: parseInline(link[1], MAX_DEPTH) });
        i += link[0].length;
        continue;
      }
    }
    if ((char === "h" || char === "H") && !/\w/.test(text[i - 1] ?? "")) {
      const bare = BARE_URL.exec(rest);
      if (bare) {
        // Sentence punctuation after a link is not part of it.
        const url = bare[0].replace(/[.,;:!?)\]'"]+$/, "");
        const href = safeHref(url);
        if (href !== null) {
          push({ type: "link", href, children: [{ type: "text", text: url }] });
          i += url.length;
          continue;
        }
      }
    }
    plain += char;
    i++;
  }
  flush();
  return out;
}

/** The closing `marker` of an emphasis opened before `from`: not after a space, not doubled. */
function findEmphasisEnd(text: string, from: number, marker: string): number {
  for (let end = text.indexOf(marker, from); end !== -1; end = text.indexOf(marker, end + 1)) {
    if (text[end - 1] === " " || text[end + 1] === marker) continue;
    if (marker === "_" && /\w/.test(text[end + 1] ?? "")) continue;
    return end;
  }
  return -1;
}

/** The post's words without markup: for reading time and the list's summary. */
export function plainTextOf(blocks: readonly MarkdownBlock[]): string[] {
  const textOf = (nodes: readonly MarkdownInline[]): string =>
    nodes
      .map((node) => {
        if (node.type === "text" || node.type === "code") return node.text;
        if (node.type === "break") return " ";
        return textOf(node.children);
      })
      .join("");
  return blocks.map((block) => {
    if (block.type === "code") return block.text;
    if (block.type === "list") return block.items.map(textOf).join(" ");
    return textOf(block.children);
  });
}
