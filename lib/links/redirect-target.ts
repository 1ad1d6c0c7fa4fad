// The one check between a stored link and the Location header: only an absolute http(s)
// URL is ever redirected to, whatever the record holds. createLink validates on the way
// in, but a record can come from elsewhere (an older version, a tool, a hand edit in
// redis-cli), and a javascript:, data: or file: redirect is an attack, not a link.

/** The URL to redirect to (its href is normalized, so no CR/LF can reach the header), or null. */
export function safeRedirectTarget(stored: unknown): URL | null {
  if (typeof stored !== "string") return null;
  let url: URL;
  try {
    url = new URL(stored);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "") return null;
  return url;
}
