// A request path with a broken percent-escape ("%ZZ", a cut-off "%E0%A4%A") cannot be decoded
// into route parameters; Next's router then fails with a bare 500. proxy.ts checks first and
// answers 400 instead.

/** True when every %-escape in `pathname` decodes (as UTF-8). */
export function isWellEncoded(pathname: string): boolean {
  if (!pathname.includes("%")) return true;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
