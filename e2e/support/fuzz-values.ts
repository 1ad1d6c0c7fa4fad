// Deterministic generators of hostile input for e2e/fuzz.spec.ts: a seeded PRNG and the
// strings, JSON values, bodies, path segments and header values built from it. Same seed,
// same requests, so a failure can be replayed.

// The history test's seeded PRNG (mulberry32): one implementation for every seeded test.
import { Random } from "../../scripts/kv-history/random";

export { Random };

/** Strings every endpoint should survive: empty, huge, control characters, markup, look-alikes. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "\u0001\u0002\u0003\u001b[31m",
  "\u007f\u0085\u00a0",
  "\u200b\u200d\ufeff",
  "\u202eevil\u202c",
  "\ud800",
  "\udfff\ud800",
  "😀🇳🇱👩‍👩‍👧",
  "Zalgo: Z̷̢̛̰a̵̞̎l̸̰̈́g̶̜̐ö̷͚",
  "ﷺ",
  "日本語のテキスト",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "' OR '1'='1'; --",
  "${process.env}",
  "{{7*7}}",
  "../../../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%",
  "%00",
  "%ZZ",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9".repeat(400),
  "events",
  "api",
  "__proto__",
  "constructor",
  "a".repeat(300),
  "x".repeat(20_000),
  "😀".repeat(5_000),
];

function randomChar(random: Random): string {
  switch (random.int(6)) {
    case 0:
      return String.fromCharCode(random.int(32)); // control
    case 1:
      return String.fromCharCode(0xd800 + random.int(0x800)); // lone surrogate half
    case 2:
      return String.fromCodePoint(0x1f300 + random.int(0x300)); // emoji plane
    case 3:
      return String.fromCharCode(0x80 + random.int(0xff80)); // anything in the BMP
    default:
      return String.fromCharCode(32 + random.int(95)); // printable ASCII
  }
}

export function randomString(random: Random): string {
  if (random.chance(0.35)) return random.pick(NASTY_STRINGS);
  const length = random.pick([0, 1, 3, 8, 20, 64, 200, 1_000, 5_000]);
  let text = "";
  for (let i = 0; i < length; i++) text += randomChar(random);
  return text;
}

/** Any JSON value, of any shape, a few levels deep. */
export function randomJson(random: Random, depth = 0): unknown {
  const kind = random.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, 1e-320]);
    case 3:
    case 4:
    case 5:
      return randomString(random);
    case 6:
      return Array.from({ length: random.int(5) }, () => randomJson(random, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      const keys = ["url", "code", "expireIn", "name", "author", "text", "clientId", "typing", "__proto__", randomString(random)];
      for (let i = random.int(5); i > 0; i--) out[random.pick(keys)] = randomJson(random, depth + 1);
      return out;
    }
  }
}

/** A body shaped like what `fields` expects, with each field's value possibly wrong. */
export function almostValidBody(random: Random, fields: Record<string, () => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, valid] of Object.entries(fields)) {
    if (random.chance(0.15)) continue; // missing
    out[name] = random.chance(0.6) ? valid() : randomJson(random, 2);
  }
  if (random.chance(0.2)) out[randomString(random).slice(0, 40)] = randomJson(random, 2);
  return out;
}

/** A raw request body: JSON of many kinds, broken JSON, huge, deeply nested, or none. */
export function randomBodyText(random: Random, shaped: () => unknown): string | null {
  switch (random.int(10)) {
    case 0:
      return null;
    case 1:
      return random.pick(["", "{", "{]", "{'url': 'x'}", '{"url": "x",}', "[1,2", "\u0000", "nul", '"unterminated', "{}}"]);
    case 2:
      return JSON.stringify({ url: "https://example.com/" + "x".repeat(20_000) }); // over 16 KiB
    case 3:
      return "[".repeat(5_000) + "]".repeat(5_000); // deep nesting, under the size cap
    case 4:
      return JSON.stringify(randomJson(random));
    default:
      return JSON.stringify(shaped());
  }
}

/** A path segment: usually %-encoded text of any kind, sometimes with a broken escape. */
export function randomSegment(random: Random): string {
  if (random.chance(0.08)) return random.pick(["%ZZ", "%E0%A4%A", "%", "abc%", "%C0%AF", "%FF%FE"]);
  const text = randomString(random).slice(0, random.chance(0.1) ? 4_000 : 200);
  try {
    const encoded = encodeURIComponent(text);
    return encoded === "" ? "x" : encoded;
  } catch {
    // A lone surrogate cannot be encoded as UTF-8.
    return "%ED%A0%80";
  }
}

/** A header value fetch can send (Latin-1, no control characters): often odd, sometimes huge. */
export function randomHeaderValue(random: Random): string {
  const text = random.chance(0.5)
    ? random.pick(["-1", "0", "00000000000000000000", "ffffffffffffffffffff", "1".repeat(30), "abc", "../", "null", "%ZZ", " ", "10:20", "NaN"])
    : randomString(random);
  // Visible Latin-1 and tabs only: fetch refuses control characters in a header value.
  const latin1 = Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    return code < 256 && (code >= 0x20 || code === 0x09) && code !== 0x7f ? c : "?";
  }).join("");
  return latin1.slice(0, random.chance(0.05) ? 8_000 : 300).trim();
}
