// A web address typed without a scheme gets https://, the same in the browser's form (so the
// field shows what will be stored) and on the server (lib/links's validateTargetUrl, for every
// API client). Isomorphic: no server imports.

// "example.com/page", "www.example.com", "localhost:3000/x": a host name (with a dot, or
// localhost), an optional port, then nothing or a path, query or fragment. Anything else —
// "javascript:…", "mailto:…", "/path", a single word — is left for the URL parser to judge.
const BARE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*(?::\d{1,5})?(?:[/?#]|$)|^localhost(?::\d{1,5})?(?:[/?#]|$)/i;

/** `text` with https:// in front when it is a web address typed without a scheme; otherwise `text`. */
export function withDefaultScheme(text: string): string {
  return BARE_HOST.test(text) ? `https://${text}` : text;
}
