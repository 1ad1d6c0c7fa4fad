// Links in a message, found for showing them clickable. Only http(s) URLs written out in full
// become links: anything else (javascript:, data:, a bare "example.com") stays text. The page
// renders the parts as React text and <a> elements, never as HTML, so a message cannot inject
// markup whatever it contains.

export type TextPart = { text: string; href?: undefined } | { text: string; href: string };

// A URL runs to the next whitespace or character that cannot be part of one in running text;
// right after "//" comes its host, not another slash.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`{}|\\^/][^\s<>"'`{}|\\^]*/gi;
// Punctuation that ends a sentence rather than the URL: "see https://a.example/x." → no ".".
const TRAILING = /[.,;:!?)\]]+$/;

/** The link a URL found in text points to, or null if it is not a safe http(s) URL. */
function hrefOf(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "") return null;
  return url.href;
}

/** `text` split into plain parts and link parts, in order; joined, the parts are `text`. */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let candidate = match[0];
    // Keep a closing bracket that has its opening one inside the URL (Wikipedia-style links).
    const trailing = TRAILING.exec(candidate)?.[0] ?? "";
    let cut = trailing.length;
    if (trailing.startsWith(")") && candidate.slice(0, -cut).includes("(")) cut = trailing.length - 1;
    candidate = candidate.slice(0, candidate.length - cut);
    const href = hrefOf(candidate);
    if (href === null) continue;
    const start = match.index;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: candidate, href });
    at = start + candidate.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}
